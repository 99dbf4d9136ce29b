package io.quicksilver.numa.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TomlFileTest
{
    @Test
    void shouldGiveTopLevelKeysInLineOrderWithTheirLinesAndPlainValues()
    {
        final TomlFile toml = TomlFile.parse("""
            zeta = "z"   # a comment
            alpha = [1,
              2]
            ratio = 0.5
            on = true
            [table]
            key = 'v'
            """, "f.toml");
        assertEquals(List.of("zeta", "alpha", "ratio", "on", "table"), toml.keys());
        assertEquals(1, toml.line("zeta"));
        assertEquals(2, toml.line("alpha"));
        assertEquals(6, toml.line("table"));
        assertEquals(0, toml.line("missing"));
        assertEquals("z", toml.get("zeta"));
        assertEquals(List.of(1L, 2L), toml.get("alpha"));
        assertEquals(0.5, toml.get("ratio"));
        assertEquals(Boolean.TRUE, toml.get("on"));
        assertEquals(Map.of("key", "v"), toml.get("table"));
        assertTrue(toml.isTable("table"));
        assertFalse(toml.isTable("alpha"));
        assertNull(toml.get("missing"));
        assertEquals("f.toml", toml.source());
    }

    @Test
    void shouldRenderValuesAsTomlWritesThemAndNameTheirTypes()
    {
        final TomlFile toml = TomlFile.parse("s = \"a\\\"b\"\na = [1, \"x\", 2.5]\nt = { k = 1 }\n", "f.toml");
        assertEquals("\"a\\\"b\"", TomlFile.render(toml.get("s")));
        assertEquals("[1, \"x\", 2.5]", TomlFile.render(toml.get("a")));
        assertEquals("{ k = 1 }", TomlFile.render(toml.get("t")));
        assertEquals("a string", TomlFile.typeName(toml.get("s")));
        assertEquals("an array", TomlFile.typeName(toml.get("a")));
        assertEquals("a table", TomlFile.typeName(toml.get("t")));
        assertEquals("an integer", TomlFile.typeName(1L));
        assertEquals("a float", TomlFile.typeName(1.0));
    }

    @Test
    void shouldReportTheFirstSyntaxErrorWithFileAndLine()
    {
        final TomlFileException ex = assertThrows(TomlFileException.class, () -> TomlFile.parse("a = 1\nb = \n", "f.toml"));
        assertEquals(2, ex.line());
        assertEquals("f.toml", ex.source());
        assertTrue(ex.getMessage().startsWith("f.toml:2: invalid TOML: Unexpected end of line"), ex.getMessage());
        assertEquals(ex.getMessage(), "f.toml:2: " + ex.reason());
    }

    @Test
    void shouldRefuseNestingDeeperThanAllowedBeforeTheParserSeesIt()
    {
        assertEquals("f.toml:2: invalid TOML: nested more than 3 deep", assertThrows(TomlFileException.class,
            () -> TomlFile.parse("a = 1\nb = [[[[1]]]]\n", "f.toml", 3)).getMessage());
        // Deep enough to overflow the parser's stack, were it to see it.
        final String deep = "a = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertEquals("f.toml:1: invalid TOML: nested more than 64 deep",
            assertThrows(TomlFileException.class, () -> TomlFile.parse(deep, "f.toml")).getMessage());
        // Dotted keys nest tables without brackets: held to the limit when the value is read.
        final TomlFile dotted = TomlFile.parse("a.b.c.d = 1\n", "f.toml", 2);
        assertEquals("f.toml:1: invalid TOML: a nests more than 2 deep",
            assertThrows(TomlFileException.class, () -> dotted.get("a")).getMessage());
    }
}
