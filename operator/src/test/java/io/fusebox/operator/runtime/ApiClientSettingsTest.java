package io.fusebox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Utils;
import org.junit.jupiter.api.Test;

class ApiClientSettingsTest {

  @Test
  void http2OffUnlessEnvironmentSetsIt() {
    assumeTrue(
        Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_HTTP2_DISABLE) == null,
        "HTTP2_DISABLE or http2.disable is set in this environment");
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:6443")
            .withHttp2Disable(false)
            .build();

    Config applied = ApiClientSettings.apply(config);

    assertThat(applied).isSameAs(config);
    assertThat(applied.isHttp2Disable()).isTrue();
  }

  @Test
  void explicitHttp2SettingIsKept() {
    String previous = System.getProperty(Config.KUBERNETES_HTTP2_DISABLE);
    System.setProperty(Config.KUBERNETES_HTTP2_DISABLE, "false");
    try {
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl("https://127.0.0.1:6443")
              .withHttp2Disable(false)
              .build();

      assertThat(ApiClientSettings.apply(config).isHttp2Disable()).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty(Config.KUBERNETES_HTTP2_DISABLE);
      } else {
        System.setProperty(Config.KUBERNETES_HTTP2_DISABLE, previous);
      }
    }
  }
}
