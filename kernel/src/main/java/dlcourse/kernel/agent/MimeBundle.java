package dlcourse.kernel.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Output ready for Jupyter: one representation of a value per MIME type ({@code text/plain}, {@code image/png} as
 * Base64, {@code text/html}, ...). A cell whose last expression is a {@code MimeBundle} shows exactly these
 * representations; {@link Notebook#markdown(String)}, {@link Notebook#html(String)} and {@link Notebook#latex(String)}
 * make one.
 */
public final class MimeBundle {
    private final Map<String, String> data = new LinkedHashMap<>();

    /** An empty bundle; add representations with {@link #put(String, String)}. */
    public MimeBundle() {
    }

    /**
     * Adds (or replaces) one representation.
     *
     * @param mimeType for example {@code text/plain}, {@code text/html}, {@code image/png}
     * @param content  the text, or Base64 for binary types such as {@code image/png}
     * @return this bundle, for chaining
     */
    public MimeBundle put(String mimeType, String content) {
        if (mimeType == null || mimeType.isBlank()) {
            throw new IllegalArgumentException("a MIME type such as text/plain is needed, got '" + mimeType + "'");
        }
        data.put(mimeType, content == null ? "" : content);
        return this;
    }

    /** The representations by MIME type, in the order they were added. */
    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }

    /** Keeps only the given MIME types (all of them if none is given); {@code text/plain} stays as a fallback. */
    MimeBundle only(String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) {
            return this;
        }
        MimeBundle kept = new MimeBundle();
        for (String mime : mimeTypes) {
            if (data.containsKey(mime)) {
                kept.put(mime, data.get(mime));
            }
        }
        if (kept.data.isEmpty() && data.containsKey("text/plain")) {
            kept.put("text/plain", data.get("text/plain"));
        }
        return kept;
    }

    /** This bundle as a JSON object {@code {"text/plain": "...", ...}}. */
    String toJson() {
        return Json.object(data);
    }

    @Override
    public String toString() {
        return data.getOrDefault("text/plain", "MimeBundle" + data.keySet());
    }
}
