package io.fusebox.agent.conformance;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

/** Exceptions that scenario calls raise. */
final class ScenarioErrors {

  /** The exception of an {@code outcome: failure} call; it is listed in no scenario. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure() {
      super("failure reported by a conformance scenario", null, false, false);
    }
  }

  private ScenarioErrors() {}

  /**
   * Returns an instance of the first of {@code typeNames} (most specific first) that is a loadable
   * {@link Throwable} class with a public no-argument or {@code String} constructor.
   *
   * @throws AssertionError naming the types when none can be created
   */
  static Throwable instantiate(List<String> typeNames, String where) {
    for (String typeName : typeNames) {
      Class<?> type;
      try {
        type = Class.forName(typeName);
      } catch (ClassNotFoundException e) {
        continue;
      }
      if (!Throwable.class.isAssignableFrom(type)) {
        continue;
      }
      try {
        return (Throwable) type.getConstructor(String.class).newInstance("raised by a scenario");
      } catch (NoSuchMethodException e) {
        try {
          return (Throwable) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException inner) {
          continue;
        }
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        continue;
      }
    }
    throw new AssertionError(
        where
            + ": none of the error types "
            + typeNames
            + " is a Java Throwable class with a public no-argument or String constructor;"
            + " list a Java class name such as java.io.IOException");
  }
}
