package io.fusebox.agent.reload;

import static io.fusebox.agent.reload.ReloadFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountedDirectoryWatcherTest {
  @TempDir Path temp;

  private final CircuitBreakerRegistry registry = ReloadFixtures.registry(new FakeTicker());
  private final SettingsReloader reloader = ReloadFixtures.reloader(registry);
  private final FakeWatchService events = new FakeWatchService();
  private final ManualPeriodic periodic = new ManualPeriodic();
  private MountedDirectoryWatcher watcher;

  @AfterEach
  void closeWatcher() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private MountedDirectoryWatcher fakeWatcher(Path file) {
    watcher =
        new MountedDirectoryWatcher(
            file, reloader, events, events.registrar(), periodic, Duration.ofSeconds(10));
    return watcher;
  }

  private double activeThreshold() {
    return registry.find("payments").orElseThrow().config().failureRateThreshold().getAsDouble();
  }

  private static WatchEvent.Kind<?> kind(String name) {
    return switch (name) {
      case "create" -> StandardWatchEventKinds.ENTRY_CREATE;
      case "modify" -> StandardWatchEventKinds.ENTRY_MODIFY;
      case "delete" -> StandardWatchEventKinds.ENTRY_DELETE;
      default -> StandardWatchEventKinds.OVERFLOW;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"create", "modify", "delete", "overflow"})
  void kubeletSwapAppliesOnAnyEventKind(String eventKind) throws IOException {
    KubeletVolume volume = KubeletVolume.create(temp.resolve("config"), file(50));
    fakeWatcher(volume.file()).initialize();
    assertThat(activeThreshold()).isEqualTo(50.0);

    volume.update(file(40));
    events.deliver(kind(eventKind), volume.directory(), "..data");
    watcher.processPendingEvents();

    assertThat(activeThreshold()).isEqualTo(40.0);
    assertThat(watcher.hotReloadAvailable()).isTrue();
  }

  @Test
  void periodicRereadAppliesWithoutEvents() throws IOException {
    KubeletVolume volume = KubeletVolume.create(temp.resolve("config"), file(50));
    fakeWatcher(volume.file()).initialize();

    volume.update(file(40));
    watcher.processPendingEvents();
    double beforePeriod = activeThreshold();
    periodic.runAll();

    assertThat(beforePeriod).isEqualTo(50.0);
    assertThat(activeThreshold()).isEqualTo(40.0);
    assertThat(periodic.lastPeriod()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void subPathMountIsDetected() throws IOException {
    Path plain = temp.resolve("app").resolve("circuit-breaker.yaml");
    Files.createDirectories(plain.getParent());
    Files.writeString(plain, file(50));

    fakeWatcher(plain).initialize();

    assertThat(watcher.hotReloadAvailable()).isFalse();
    assertThat(activeThreshold()).isEqualTo(50.0);
  }

  @Test
  void directoryDisappearsAndReturns() throws IOException {
    KubeletVolume volume = KubeletVolume.create(temp.resolve("config"), file(50));
    fakeWatcher(volume.file()).initialize();

    volume.deleteAll();
    events.invalidate();
    events.deliver(StandardWatchEventKinds.ENTRY_DELETE, volume.directory(), "..data");
    watcher.processPendingEvents();
    periodic.runAll();
    double whileGone = activeThreshold();
    KubeletVolume.create(volume.directory(), file(30));
    periodic.runAll();

    assertThat(whileGone).isEqualTo(50.0);
    assertThat(activeThreshold()).isEqualTo(30.0);
    assertThat(events.registrations()).isEqualTo(2);
    assertThat(reloader.status().failures()).isZero();
  }

  @Test
  void missingFileAtStartLeavesNotLoaded() {
    fakeWatcher(temp.resolve("absent").resolve("circuit-breaker.yaml")).initialize();

    assertThat(reloader.status().initialLoaded()).isFalse();
    assertThat(events.registrations()).isZero();
  }

  @Test
  void watchThreadSurvivesFailingListener() throws Exception {
    KubeletVolume volume = KubeletVolume.create(temp.resolve("config"), file(50));
    CountDownLatch applied = new CountDownLatch(2);
    reloader.addListener(
        (result, status) -> {
          applied.countDown();
          throw new IllegalStateException("listener failure in test");
        });
    fakeWatcher(volume.file()).start();

    volume.update(file(40));
    events.deliver(StandardWatchEventKinds.ENTRY_CREATE, volume.directory(), "..data");
    boolean firstDone = applied.await(10, TimeUnit.SECONDS);
    volume.update(file(30));
    CountDownLatch second = new CountDownLatch(1);
    reloader.addListener((result, status) -> second.countDown());
    events.deliver(StandardWatchEventKinds.ENTRY_MODIFY, volume.directory(), "..data");

    assertThat(firstDone).isTrue();
    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(activeThreshold()).isEqualTo(30.0);
  }

  @Test
  void realWatchServiceSeesKubeletSwap() throws Exception {
    KubeletVolume volume = KubeletVolume.create(temp.resolve("config"), file(50));
    watcher = MountedDirectoryWatcher.create(volume.file(), reloader, Duration.ofMinutes(10));
    watcher.start();
    CountDownLatch applied = new CountDownLatch(1);
    reloader.addListener(
        (result, status) -> {
          if (result == ReloadResult.APPLIED) {
            applied.countDown();
          }
        });

    volume.update(file(40));

    assertThat(applied.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(activeThreshold()).isEqualTo(40.0);
  }
}
