package dlcourse.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CellParserTest {
    @Test
    @DisplayName("line magics split the cell; code keeps the line where it starts")
    void lineMagicsSplitTheCell() {
        List<CellPart> parts = CellParser.parse("%jars a.jar b/*.jar\nint x = 1;\n%time x + 1\nx");
        assertAll(
                () -> assertEquals(4, parts.size()),
                () -> assertEquals(new CellPart(CellPart.Kind.LINE_MAGIC, "jars", "a.jar b/*.jar", null, 0), parts.get(0)),
                () -> assertEquals(new CellPart(CellPart.Kind.CODE, null, null, "int x = 1;\n", 1), parts.get(1)),
                () -> assertEquals("time", parts.get(2).name()),
                () -> assertEquals(3, parts.get(3).firstLine()));
    }

    @Test
    @DisplayName("%% on the first line makes the whole cell the magic's body")
    void cellMagicTakesTheBody() {
        List<CellPart> parts = CellParser.parse("%%time\nint y = 2;\ny");
        assertEquals(List.of(new CellPart(CellPart.Kind.CELL_MAGIC, "time", "", "int y = 2;\ny", 1)), parts);
    }

    @Test
    @DisplayName("a % inside code is not a magic")
    void moduloIsNotAMagic() {
        List<CellPart> parts = CellParser.parse("int r = 7 % 3;");
        assertEquals(CellPart.Kind.CODE, parts.get(0).kind());
    }

    @Test
    @DisplayName("quotes keep blanks inside one argument")
    void quotedArguments() {
        assertEquals(List.of("my dir/a.jar", "b.jar"), CellParser.arguments("\"my dir/a.jar\"  b.jar"));
    }
}
