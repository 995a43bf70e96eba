package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's examples name only what exists: every {@code ./dcgan} command and flag of its bash
 * blocks is one that the command's {@code --help} lists, and every repository path they read
 * exists; and every relative link of the README and of docs/*.md leads to a file and a heading.
 * Here, in dcgan-spark, because this module's class path has every command, {@code sweep} too.
 */
class ReadmeExamplesTest {
  static final Path ROOT = SweepTestSupport.ROOT;

  /** Folders of the repository that examples read from; a word starting so must exist. */
  static final List<String> REPOSITORY_PATHS =
      List.of(
          "models/",
          "data/",
          "docs/",
          "scripts/",
          "serving/",
          "notebooks/",
          "interop/",
          "dcgan-train/src",
          "dcgan-inference/src",
          "dcgan-spark/src",
          ".ci/",
          "./");

  /** Flags whose value is a file or folder the command writes: the path need not exist. */
  static final Set<String> OUTPUT_FLAGS = Set.of("--out", "--export", "--each", "--run-dir");

  static final Set<String> SEPARATORS = Set.of("|", "||", "&&", ";", ">", ">>", "<", "&");

  /** One logical line of a bash block: continuation lines joined, with its first line number. */
  record ShellLine(Path file, int line, String text) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  static List<ShellLine> bashLines(Path markdown) throws IOException {
    var lines = Files.readAllLines(markdown);
    var out = new ArrayList<ShellLine>();
    boolean inBash = false;
    StringBuilder pending = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.strip().startsWith("```")) {
        inBash = !inBash && l.strip().equals("```bash");
        continue;
      }
      if (!inBash) continue;
      if (pending == null) {
        pending = new StringBuilder();
        start = i + 1;
      }
      String body = stripComment(l);
      if (body.endsWith("\\")) {
        pending.append(body, 0, body.length() - 1).append(' ');
        continue;
      }
      pending.append(body);
      out.add(new ShellLine(markdown, start, pending.toString()));
      pending = null;
    }
    return out;
  }

  /** The line without a trailing {@code # comment} (a # that starts a word, outside quotes). */
  static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i).stripTrailing();
      }
    }
    return line.stripTrailing();
  }

  /** Shell words, quotes removed (enough for examples: no escapes inside quotes). */
  static List<String> words(String line) {
    var words = new ArrayList<String>();
    var w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        else w.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(w.toString());
        w.setLength(0);
        inWord = false;
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(w.toString());
    return words;
  }

  private final Map<String, Set<String>> helpFlags = new HashMap<>();

  /** The flags a command's --help lists, or null when it is no command. */
  Set<String> flagsOf(String command) throws Exception {
    if (helpFlags.containsKey(command)) return helpFlags.get(command);
    String help;
    int code;
    if (command.equals("serve")) {
      // dcgan-serve's own main, which the launcher runs; not on this module's class path (its
      // silent log binding would hide the Spark daemons' lines), so its usage text is read.
      help =
          Files.readString(
              ROOT.resolve("dcgan-serve/src/main/java/dev/dcgan/serve/ServeMain.java"));
      code = 0;
    } else if (command.equals("sweep")) {
      var out = new ByteArrayOutputStream();
      code =
          SweepMain.run(
              new String[] {"--help"},
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      help = out.toString(StandardCharsets.UTF_8);
    } else {
      String cp =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      var java =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp));
      java.addAll(List.of("dev.dcgan.train.cli.Main", command, "--help"));
      var pb = new ProcessBuilder(java).redirectErrorStream(true);
      var p = pb.start();
      help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dcgan " + command + " --help did not exit");
      code = p.exitValue();
    }
    Set<String> flags = null;
    if (code == 0) {
      flags = new LinkedHashSet<>();
      Matcher m = Pattern.compile("(?m)^\\s+(--[a-z0-9-]+)").matcher(help);
      while (m.find()) flags.add(m.group(1));
    }
    helpFlags.put(command, flags);
    return flags;
  }

  /** As {@link #problems(ShellLine, Set)}, for a line alone. */
  List<String> problems(ShellLine line) throws Exception {
    return problems(line, new LinkedHashSet<>());
  }

  /**
   * What is wrong with the {@code ./dcgan} commands and repository paths of one line; {@code made}
   * holds what the lines before it wrote (an export, a compiled binary), which later lines may
   * read, and gets this line's outputs.
   */
  List<String> problems(ShellLine line, Set<String> made) throws Exception {
    var problems = new ArrayList<String>();
    List<String> w = words(line.text());
    String command = null;
    for (int i = 0; i < w.size(); i++) {
      String word = w.get(i);
      String before = i > 0 ? w.get(i - 1) : "";
      if (SEPARATORS.contains(word)) {
        command = null;
        continue;
      }
      if (word.equals("./dcgan") && i + 1 < w.size()) {
        command = w.get(++i);
        if (flagsOf(command) == null) problems.add("./dcgan " + command + ": no such command");
        continue;
      }
      if (command != null && word.startsWith("--")) {
        String flag = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        Set<String> flags = flagsOf(command);
        if (flags != null && !flags.contains(flag)) {
          problems.add("./dcgan " + command + " " + flag + ": not in its --help");
        }
        continue;
      }
      if (OUTPUT_FLAGS.contains(before) || Set.of(">", ">>", "-o").contains(before)) {
        made.add(word.startsWith("./") ? word.substring(2) : word);
        continue;
      }
      String path = word.replace("$PWD/", "");
      if (path.contains(":")) path = path.substring(0, path.indexOf(':'));
      String p = path;
      if (REPOSITORY_PATHS.stream().noneMatch(p::startsWith)) continue;
      if (p.endsWith("/*")) p = p.substring(0, p.length() - 2);
      String relative = p.startsWith("./") ? p.substring(2) : p;
      if (made.stream().anyMatch(m -> relative.equals(m) || relative.startsWith(m + "/"))) continue;
      if (!Files.exists(ROOT.resolve(relative))) {
        problems.add(path + ": no such file or folder in the repository");
      }
    }
    return problems.stream().map(x -> line.where() + ": " + x).toList();
  }

  @Test
  void everyCommandFlagAndPathOfTheReadmesExamplesExists() throws Exception {
    var lines = bashLines(ROOT.resolve("README.md"));
    assertTrue(lines.size() >= 8, "bash lines read from the README: " + lines.size());
    var problems = new ArrayList<String>();
    var made = new LinkedHashSet<String>();
    int commands = 0;
    for (ShellLine line : lines) {
      if (line.text().contains("./dcgan ")) commands++;
      problems.addAll(problems(line, made));
    }
    assertTrue(commands >= 6, "./dcgan commands in the README: " + commands);
    assertEquals(List.of(), problems);
  }

  @Test
  void theDocsExamplesNameOnlyCommandsFlagsAndPathsThatExist() throws Exception {
    var problems = new ArrayList<String>();
    for (Path page : docsPages()) {
      var made = new LinkedHashSet<String>();
      for (ShellLine line : bashLines(page)) {
        problems.addAll(problems(line, made));
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theCheckFindsAMissingFlagCommandAndPath() throws Exception {
    var line =
        new ShellLine(
            ROOT.resolve("README.md"),
            1,
            "./dcgan generate --model models/fashion-cgan --no-such-flag --out x.png && ./dcgan"
                + " serve-all --port 1");
    var problems = problems(line);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("models/fashion-cgan"), problems.toString());
    assertTrue(problems.get(1).contains("--no-such-flag"), problems.toString());
    assertTrue(problems.get(2).contains("serve-all"), problems.toString());
    assertEquals(
        List.of(), problems(new ShellLine(line.file(), 1, "./dcgan train --data ~/photos")));
  }

  static List<Path> docsPages() throws IOException {
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
  static String anchor(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
        .replace(' ', '-');
  }

  static Set<String> anchorsOf(Path markdown) throws IOException {
    var anchors = new LinkedHashSet<String>();
    boolean code = false;
    for (String l : Files.readAllLines(markdown)) {
      if (l.strip().startsWith("```")) code = !code;
      if (!code && l.matches("^#{1,6} .*")) anchors.add(anchor(l.replaceFirst("^#+ ", "")));
    }
    return anchors;
  }

  /** Pages docs/README.md lists as coming: links to them may lead nowhere yet. */
  static Set<String> comingPages() throws IOException {
    var coming = new LinkedHashSet<String>();
    for (String l : Files.readAllLines(ROOT.resolve("docs/README.md"))) {
      Matcher m = Pattern.compile("^\\| \\[[^]]*\\]\\(([^)]+\\.md)\\) \\| \\(coming\\)").matcher(l);
      if (m.find()) coming.add(m.group(1));
    }
    return coming;
  }

  @Test
  void everyRelativeLinkLeadsToAFileAndAHeading() throws IOException {
    var pages = new ArrayList<>(docsPages());
    pages.add(0, ROOT.resolve("README.md"));
    Set<String> coming = comingPages();
    var problems = new ArrayList<String>();
    var link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    for (Path page : pages) {
      boolean code = false;
      var lines = Files.readAllLines(page);
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.strip().startsWith("```")) code = !code;
        if (code) continue;
        Matcher m = link.matcher(l);
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-z]+:.*")) continue; // http:, https:, mailto:
          String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
          String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
          Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
          String where = ROOT.relativize(page) + ":" + (i + 1) + ": " + target;
          if (!Files.exists(to)) {
            if (!coming.contains(ROOT.resolve("docs").relativize(to).toString())) {
              problems.add(where + ": no such file");
            }
            continue;
          }
          if (!fragment.isEmpty() && to.toString().endsWith(".md")) {
            if (!anchorsOf(to).contains(fragment)) problems.add(where + ": no such heading");
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }
}
