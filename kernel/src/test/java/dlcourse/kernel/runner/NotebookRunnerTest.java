package dlcourse.kernel.runner;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.kernel.engine.ExecutionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {
    private static String codeCell(String id, String source) {
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", "code");
        cell.addProperty("id", id);
        cell.add("metadata", new JsonObject());
        cell.addProperty("source", source);
        return cell.toString();
    }

    private static String stdout(JsonObject cell) {
        StringBuilder text = new StringBuilder();
        for (var output : cell.getAsJsonArray("outputs")) {
            JsonObject o = output.getAsJsonObject();
            if ("stream".equals(o.get("output_type").getAsString()) && "stdout".equals(o.get("name").getAsString())) {
                text.append(o.get("text").getAsString());
            }
        }
        return text.toString();
    }

    @Test
    @DisplayName("headless, a thread's output after its cell ended is added to that cell, not to the cell running then")
    void threadOutputStaysWithItsCell(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("threads.ipynb");
        Files.writeString(file, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
                + codeCell("a", "new Thread(() -> { for (int i = 0; i < 4; i++) { System.out.println(\"tick \" + i);"
                        + " try { Thread.sleep(150); } catch (InterruptedException e) { } } }).start();") + ","
                + codeCell("b", "Thread.sleep(1500);\nSystem.out.println(\"b done\");") + "]}");
        NotebookResult result = new NotebookRunner(ExecutionOptions.builder().build(), false).run(file);
        JsonArray cells = JsonParser.parseString(result.toJson()).getAsJsonObject().getAsJsonArray("cells");
        assertAll(
                () -> assertFalse(result.failed()),
                () -> assertEquals("tick 0\ntick 1\ntick 2\ntick 3\n", stdout(cells.get(0).getAsJsonObject())),
                () -> assertEquals("b done\n", stdout(cells.get(1).getAsJsonObject())));
    }
}
