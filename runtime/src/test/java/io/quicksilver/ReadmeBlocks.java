package io.quicksilver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's fenced code blocks, in order, as {@code ci/consumer-check.sh} reads them: a block starting with
 * {@code package} is a complete example, the first {@code text} block after it is what it prints.
 */
final class ReadmeBlocks
{
    static final Path README = Path.of("..", "README.md");

    record Block(String language, String text)
    {
        boolean isExample()
        {
            return language.equals("java") && text.startsWith("package ");
        }

        /**
         * @return the example's public class, with its package: {@code example.HelloQuicksilver}.
         */
        String className()
        {
            final String pkg = text.substring("package ".length(), text.indexOf(';'));
            final int at = text.indexOf("public final class ");
            final String rest = text.substring(at + "public final class ".length());
            return pkg + "." + rest.substring(0, rest.indexOf('\n')).strip();
        }
    }

    private ReadmeBlocks()
    {
    }

    static List<Block> all()
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(README);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        final List<Block> blocks = new ArrayList<>();
        String language = null;
        final StringBuilder text = new StringBuilder();
        for (final String line : lines)
        {
            if (language == null && line.matches("```[a-z]+"))
            {
                language = line.substring(3);
                text.setLength(0);
            }
            else if (language != null && line.equals("```"))
            {
                blocks.add(new Block(language, text.toString()));
                language = null;
            }
            else if (language != null)
            {
                text.append(line).append('\n');
            }
        }
        return blocks;
    }

    static List<Block> examples()
    {
        return all().stream().filter(Block::isExample).toList();
    }

    /**
     * @return the text block the README shows after the example of this class: what it prints.
     */
    static String outputOf(final String className)
    {
        final List<Block> blocks = all();
        for (int i = 0; i < blocks.size(); i++)
        {
            if (blocks.get(i).isExample() && blocks.get(i).className().equals(className))
            {
                for (int j = i + 1; j < blocks.size() && !blocks.get(j).isExample(); j++)
                {
                    if (blocks.get(j).language().equals("text"))
                    {
                        return blocks.get(j).text();
                    }
                }
            }
        }
        throw new AssertionError("README.md shows no output block after the example " + className);
    }
}
