package io.fusebox.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Utils;
import org.junit.jupiter.api.Test;

class ApiWatchClientConfigTest {

  @Test
  void http2OffUnlessEnvironmentSetsIt() {
    assumeTrue(
        Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_HTTP2_DISABLE) == null,
        "HTTP2_DISABLE or http2.disable is set in this environment");

    assertThat(ApiWatchSourceProvider.clientConfig().isHttp2Disable()).isTrue();
  }

  @Test
  void explicitHttp2SettingIsKept() {
    String previous = System.getProperty(Config.KUBERNETES_HTTP2_DISABLE);
    System.setProperty(Config.KUBERNETES_HTTP2_DISABLE, "false");
    try {
      assertThat(ApiWatchSourceProvider.clientConfig().isHttp2Disable()).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty(Config.KUBERNETES_HTTP2_DISABLE);
      } else {
        System.setProperty(Config.KUBERNETES_HTTP2_DISABLE, previous);
      }
    }
  }
}
