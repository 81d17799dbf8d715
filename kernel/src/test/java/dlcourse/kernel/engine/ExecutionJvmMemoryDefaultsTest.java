package dlcourse.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExecutionJvmMemoryDefaultsTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    @DisplayName("without user options: serial collector, small start, heap cap, young cap, tight free ratios")
    void defaults() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx1024m", "-Xms32m", "-XX:MaxNewSize=64m",
                "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40"), ExecutionJvm.memoryDefaults(List.of(), 24 * GIB));
    }

    @Test
    @DisplayName("the heap cap is half of a small machine's memory, at least 256 MiB, at most 1 GiB")
    void capFollowsTheMachine() {
        assertAll(
                () -> assertTrue(ExecutionJvm.memoryDefaults(List.of(), 2 * GIB).contains("-Xmx1024m")),
                () -> assertTrue(ExecutionJvm.memoryDefaults(List.of(), GIB).contains("-Xmx512m")),
                () -> assertTrue(ExecutionJvm.memoryDefaults(List.of(), GIB / 4).contains("-Xmx256m")),
                () -> assertTrue(ExecutionJvm.memoryDefaults(List.of(), 0).contains("-Xmx1024m"), "unknown machine"));
    }

    @Test
    @DisplayName("a user's heap option replaces the default cap and start size; a small heap keeps the JVM's young sizing")
    void userHeap() {
        List<String> big = ExecutionJvm.memoryDefaults(List.of("-Xmx2g"), 24 * GIB);
        List<String> small = ExecutionJvm.memoryDefaults(List.of("-Xmx200m"), 24 * GIB);
        List<String> percent = ExecutionJvm.memoryDefaults(List.of("-XX:MaxRAMPercentage=50"), 24 * GIB);
        assertAll(
                () -> assertEquals(List.of("-XX:+UseSerialGC", "-XX:MaxNewSize=64m", "-XX:MinHeapFreeRatio=20",
                        "-XX:MaxHeapFreeRatio=40"), big),
                () -> assertFalse(small.contains("-XX:MaxNewSize=64m"), "200 MiB is under 4 x 64 MiB"),
                () -> assertFalse(small.stream().anyMatch(o -> o.startsWith("-Xm")), small.toString()),
                () -> assertFalse(percent.stream().anyMatch(o -> o.startsWith("-Xm")), percent.toString()),
                () -> assertTrue(percent.contains("-XX:MaxNewSize=64m"), "unknown cap: keep the young cap"));
    }

    @Test
    @DisplayName("a user's young-generation, free-ratio or collector option leaves out the clashing default")
    void userTuning() {
        List<String> young = ExecutionJvm.memoryDefaults(List.of("-Xmn200m"), 24 * GIB);
        List<String> ratio = ExecutionJvm.memoryDefaults(List.of("-XX:MinHeapFreeRatio=50"), 24 * GIB);
        List<String> g1 = ExecutionJvm.memoryDefaults(List.of("-XX:+UseG1GC"), 24 * GIB);
        List<String> start = ExecutionJvm.memoryDefaults(List.of("-Xms64m"), 24 * GIB);
        List<String> bigStart = ExecutionJvm.memoryDefaults(List.of("-Xms2g"), 24 * GIB);
        assertAll(
                () -> assertFalse(young.contains("-XX:MaxNewSize=64m")),
                () -> assertFalse(ratio.stream().anyMatch(o -> o.contains("HeapFreeRatio")), ratio.toString()),
                () -> assertFalse(g1.contains("-XX:+UseSerialGC")),
                () -> assertFalse(start.contains("-Xms32m")),
                () -> assertTrue(start.contains("-Xmx1024m"), "a start size alone keeps the default cap"),
                () -> assertFalse(bigStart.stream().anyMatch(o -> o.startsWith("-Xm")), "a start above the cap: no cap"));
    }

    @Test
    @DisplayName("MALLOC_ARENA_MAX and OpenBLAS's thread count by default; any value in the environment wins")
    void nativeEnvironment() {
        assertAll(
                () -> assertEquals(java.util.Map.of("MALLOC_ARENA_MAX", "2", "OPENBLAS_NUM_THREADS", "4"),
                        ExecutionJvm.nativeDefaults(java.util.Map.of(), 4)),
                () -> assertEquals(java.util.Map.of("OPENBLAS_NUM_THREADS", "2"),
                        ExecutionJvm.nativeDefaults(java.util.Map.of("MALLOC_ARENA_MAX", "8"), 2)),
                () -> assertEquals(java.util.Map.of("MALLOC_ARENA_MAX", "2"),
                        ExecutionJvm.nativeDefaults(java.util.Map.of("OMP_NUM_THREADS", "1"), 2)),
                () -> assertEquals(java.util.Map.of(), ExecutionJvm.nativeDefaults(
                        java.util.Map.of("MALLOC_ARENA_MAX", "4", "OPENBLAS_NUM_THREADS", "3"), 2)));
    }

    @Test
    @DisplayName("sizes read as the JVM reads them")
    void sizes() {
        assertAll(
                () -> assertEquals(512, ExecutionJvm.sizeMb("512m")),
                () -> assertEquals(2048, ExecutionJvm.sizeMb("2G")),
                () -> assertEquals(1, ExecutionJvm.sizeMb("1024k")),
                () -> assertEquals(256, ExecutionJvm.sizeMb("268435456")),
                () -> assertEquals(-1, ExecutionJvm.sizeMb("lots")),
                () -> assertEquals(-1, ExecutionJvm.sizeMb("")));
    }

    @Test
    @DisplayName("the Vector API module is added only for a Java whose release file lists it")
    void vectorApiOnlyWhereTheJavaHasIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path jdk = java.nio.file.Files.createDirectories(dir.resolve("jdk"));
        java.nio.file.Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n"
                + "MODULES=\"java.base java.compiler jdk.incubator.vector jdk.jshell\"\n");
        java.nio.file.Path jlinked = java.nio.file.Files.createDirectories(dir.resolve("jre"));
        java.nio.file.Files.writeString(jlinked.resolve("release"), "MODULES=\"java.base jdk.jshell\"\n");
        java.nio.file.Path none = java.nio.file.Files.createDirectories(dir.resolve("none"));
        assertEquals(true, ExecutionJvm.hasVectorApi(jdk));
        assertEquals(false, ExecutionJvm.hasVectorApi(jlinked));
        assertEquals(false, ExecutionJvm.hasVectorApi(none));
        assertEquals(true, ExecutionJvm.hasVectorApi(java.nio.file.Path.of(System.getProperty("java.home"))),
                "the JDK running this test has the module");
    }
}
