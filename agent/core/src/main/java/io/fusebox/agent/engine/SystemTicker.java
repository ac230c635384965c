package io.fusebox.agent.engine;

/** The production {@link Ticker}: {@link System#nanoTime()}. */
public enum SystemTicker implements Ticker {
  /** The single instance. */
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
