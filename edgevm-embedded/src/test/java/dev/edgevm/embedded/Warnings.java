package dev.edgevm.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What is logged at WARNING or above while it is open, by either way a library of the cluster
 * logs: java.util.logging records (through a handler of its own on the root logger, since the
 * console handler keeps the stderr it found when it was made) and SLF4J (the tests' binding,
 * slf4j-simple, prints to the current {@code System.err}; stdout is captured too).
 */
final class Warnings implements AutoCloseable {

  private final Logger root = Logger.getLogger("");
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        records.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  Warnings() {
    root.addHandler(handler);
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
  }

  /** Everything captured: JUL records first, then what was printed. */
  String text() {
    return String.join("\n", records) + printed.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    root.removeHandler(handler);
  }
}
