package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README and of the modules' READMEs is a tagged region of a sample (or a
 * sample test) that compiles: a block preceded by {@code <!-- snippet: NAME -->} must equal the
 * region between {@code // tag::NAME[]} and {@code // end::NAME[]} (indentation aside), and a Java
 * block without that marker is an error, since nothing would check it. The project is found from
 * where this class was compiled, so the test does not depend on the working directory; line
 * endings are normalised, so a checkout with CRLF reads the same.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = projectRoot();
    private static final Pattern README_SNIPPET =
            Pattern.compile("<!-- snippet: ([\\w-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\s*$", Pattern.MULTILINE);
    private static final Pattern MARKER_BEFORE = Pattern.compile("<!-- snippet: [\\w-]+ -->\\s*$");
    private static final Pattern TAGGED =
            Pattern.compile("// tag::([\\w-]+)\\[]\\n(.*?)\\n[ \\t]*// end::\\1\\[]", Pattern.DOTALL);

    @Test
    void readmeSnippets_matchTheirTaggedRegions() throws IOException {
        Map<String, String> readme = snippets(README_SNIPPET, read(ROOT.resolve("README.md")));
        Map<String, String> tagged = taggedRegions();

        assertThat(readme).as("the README has snippets").isNotEmpty();
        assertThat(tagged.keySet()).as("every README snippet has a tagged region in samples").containsAll(readme.keySet());
        readme.forEach((name, code) ->
                assertThat(normalize(code)).as("README snippet '%s' equals its tagged region", name).isEqualTo(normalize(tagged.get(name))));
    }

    @Test
    void moduleReadmeSnippets_matchTheirTaggedRegions() throws IOException {
        Map<String, String> tagged = taggedRegions();
        List<Path> readmes = moduleReadmes();

        assertThat(readmes).as("module READMEs under " + ROOT).extracting(p -> p.getParent().getFileName().toString())
                .contains("edgevm-storage", "edgevm-embedded", "edgevm-sriov");
        for (Path readme : readmes) {
            snippets(README_SNIPPET, read(readme)).forEach((name, code) -> {
                assertThat(tagged).as("%s: snippet '%s' has a tagged region in samples", readme, name).containsKey(name);
                assertThat(normalize(code)).as("%s: snippet '%s' equals its tagged region", readme, name).isEqualTo(normalize(tagged.get(name)));
            });
        }
    }

    @Test
    void everyJavaBlock_ofEveryReadme_isASnippet() throws IOException {
        List<String> unmarked = new ArrayList<>();
        List<Path> readmes = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        readmes.addAll(moduleReadmes());
        for (Path readme : readmes) {
            String text = read(readme);
            Matcher block = JAVA_BLOCK.matcher(text);
            while (block.find()) {
                if (!MARKER_BEFORE.matcher(text.substring(0, block.start())).find()) {
                    unmarked.add(ROOT.relativize(readme) + ":" + (text.substring(0, block.start()).lines().count() + 1));
                }
            }
        }

        assertThat(unmarked).as("Java blocks without <!-- snippet: NAME --> (make each a tagged region of samples)").isEmpty();
    }

    @Test
    void aReadmeCheckedOutWithCrlf_readsAsWithLf(@TempDir Path dir) throws IOException {
        Path crlf = Files.writeString(dir.resolve("README.md"), "<!-- snippet: x -->\r\n```java\r\n    a();\r\n        b();\r\n```\r\n");

        Map<String, String> found = snippets(README_SNIPPET, read(crlf));

        assertThat(found).containsOnlyKeys("x");
        assertThat(normalize(found.get("x"))).isEqualTo("a();\n    b();");
    }

    /** The checkout's root: the first directory above this class's compiled location with the README and the modules' pom. */
    private static Path projectRoot() {
        try {
            Path start = Path.of(ReadmeSnippetsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path pom = dir.resolve("pom.xml");
                if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(pom)
                        && Files.readString(pom, StandardCharsets.UTF_8).contains("<module>samples</module>")) {
                    return dir;
                }
            }
            throw new IllegalStateException("no project root (README.md and the pom listing the samples module) above " + start);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot find the project root", e);
        }
    }

    private static List<Path> moduleReadmes() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    private static Map<String, String> taggedRegions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(ROOT.resolve("samples/src/main/java"), ROOT.resolve("samples/src/test/java"))) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        for (Path file : files) {
            regions.putAll(snippets(TAGGED, read(file)));
        }
        return regions;
    }

    /** The file's text with \n line ends, however it was checked out. */
    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static Map<String, String> snippets(Pattern pattern, String text) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.put(m.group(1), m.group(2));
        }
        return found;
    }

    /** Drops the common indentation and trailing blank lines, so a region inside a method matches a README block. */
    static String normalize(String code) {
        List<String> lines = new ArrayList<>(List.of(code.replace("\t", "    ").split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).collect(Collectors.joining("\n"));
    }
}
