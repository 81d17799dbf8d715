package dlcourse.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * {@code %maven group:artifact:version...}: resolves artifacts with their runtime dependencies (Maven Resolver, as
 * Maven 3 does) and adds their jars to the class path. It uses the local repository {@code ~/.m2/repository} (or
 * the {@code maven.repo.local} system property) and tries it offline first, so a cached artifact needs no network.
 * {@code %mavenRepo ID URL} adds a remote repository beside Maven Central.
 */
public final class MavenMagic implements LineMagic {
    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private RepositorySystem system;

    public MavenMagic() {
        repositories.put("central", new RemoteRepository.Builder("central", "default",
                "https://repo.maven.apache.org/maven2/").build());
    }

    /** The {@code %mavenRepo ID URL} magic that adds repositories to this resolver. */
    LineMagic repositoryMagic() {
        return (context, arguments, line) -> {
            List<String> args = CellParser.arguments(arguments);
            if (args.size() != 2) {
                throw new MagicException("%mavenRepo takes an id and a URL, for example: "
                        + "%mavenRepo jitpack https://jitpack.io (got " + args.size() + " arguments)");
            }
            repositories.put(args.get(0), new RemoteRepository.Builder(args.get(0), "default", args.get(1)).build());
        };
    }

    @Override
    public void run(MagicContext context, String arguments, int line) throws MagicException {
        List<String> coordinates = CellParser.arguments(arguments);
        if (coordinates.isEmpty()) {
            throw new MagicException("%maven needs coordinates group:artifact:version, for example: "
                    + "%maven org.knowm.xchart:xchart:3.8.8");
        }
        context.addToClasspath(resolve(coordinates));
    }

    /** The jars of these artifacts and of their runtime dependencies. */
    List<Path> resolve(List<String> coordinates) throws MagicException {
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : coordinates) {
            try {
                dependencies.add(new Dependency(new DefaultArtifact(coordinate), "runtime"));
            } catch (IllegalArgumentException e) {
                throw new MagicException("'" + coordinate + "' is not group:artifact:version "
                        + "(or group:artifact:extension:classifier:version)", e);
            }
        }
        try {
            return resolve(dependencies, true);
        } catch (DependencyResolutionException offline) {
            try {
                return resolve(dependencies, false);
            } catch (DependencyResolutionException online) {
                throw new MagicException("%maven could not resolve " + String.join(" ", coordinates) + ": "
                        + online.getMessage() + "\n(looked in " + localRepository() + " and in "
                        + repositories.values().stream().map(RemoteRepository::getUrl).toList() + ")", online);
            }
        }
    }

    private List<Path> resolve(List<Dependency> dependencies, boolean offline) throws DependencyResolutionException {
        RepositorySystem repositorySystem = system();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(repositorySystem).get()
                // "simple": a jar in the local repository counts whichever repository it came from, so ~/.m2 works offline
                .withLocalRepositories(new LocalRepository(localRepository(), "simple"))
                .setSystemProperties(System.getProperties())
                .setOffline(offline)
                .build()) {
            CollectRequest collect = new CollectRequest(dependencies, List.of(), new ArrayList<>(repositories.values()));
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : repositorySystem.resolveDependencies(session, request).getArtifactResults()) {
                jars.add(result.getArtifact().getPath());
            }
            return jars;
        }
    }

    private synchronized RepositorySystem system() {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
