package io.fusebox.reliability;

import java.util.List;

/** Counts and names of the JVM's live threads, for the agent fault tests' thread-leak checks. */
final class LiveThreads {

  private LiveThreads() {}

  /** Returns the sorted names of all live threads. */
  static List<String> names() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .sorted()
        .toList();
  }

  /**
   * Returns the number of live threads whose names start with none of {@code ignoredPrefixes}:
   * threads that come and go with the test rather than with the agent.
   */
  static int countExcept(String... ignoredPrefixes) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .filter(t -> List.of(ignoredPrefixes).stream().noneMatch(t.getName()::startsWith))
            .count();
  }
}
