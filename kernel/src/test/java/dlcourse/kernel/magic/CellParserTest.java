package dlcourse.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "leading blanks and a tab|'  \\t%jars x.jar'|true",
        "a magic after code|'int a = 1;\\n%jars x.jar\\nint b = 2;'|true",
        "a cell magic on the first line|'%%time\\nint a = 1;'|true",
        "a cell magic after blanks|'   %%time\\nint a = 1;'|true",
        "a line that ends in \\r (saved on Windows)|'%jars x.jar\\r\\nint a;'|true",
        "%% on a later line is code|'int a = 1;\\n%%time'|false",
        "a full-width percent sign|'\uff05jars x.jar'|false",
        "a Cyrillic letter in the name|'%\u0458ars x.jar'|false",
        "a no-break space in front|'\u00a0%jars x.jar'|false",
        "an em space in front|'\u2003%jars x.jar'|false",
        "a percent sign and a space|'% jars x.jar'|false",
        "modulo at the start of a continued line|'int r = 7\\n    % 3;'|false",
        "a magic inside a string|'String s = \"%jars x\";'|false",
    })
    @DisplayName("hostile lines: what is a magic and what is code")
    void hostileLines(String name, String cell, boolean magic) {
        String unescaped = cell.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
        assertAll(
                () -> assertEquals(magic, CellParser.hasMagic(unescaped), name),
                () -> assertFalse(CellParser.hasMagic(CellParser.withoutMagics(unescaped)),
                        name + ": what is left has no magic"));
    }

    @Test
    @DisplayName("without its magics a cell keeps its code in order, and a cell magic's body")
    void withoutMagics() {
        assertAll(
                () -> assertEquals("int a = 1;\nint b = 2;\n", CellParser.withoutMagics("int a = 1;\n  %jars x.jar\nint b = 2;")),
                () -> assertEquals("int a = 1;\n", CellParser.withoutMagics("%%time\nint a = 1;")),
                () -> assertEquals("%jars x.jar", CellParser.describe(CellParser.parse("%jars x.jar\r").get(0))));
    }
}
