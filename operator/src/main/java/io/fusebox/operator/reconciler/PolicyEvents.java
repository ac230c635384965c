package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writer of core/v1 Kubernetes Events about a policy, shown by {@code kubectl describe}.
 *
 * <p>Callers send an event only when a condition changes its reason, so a policy that stays invalid
 * produces one event, not one per reconcile.
 */
public final class PolicyEvents {

  /** Value of {@code source.component} and {@code reportingComponent}. */
  public static final String COMPONENT = "fusebox-operator";

  private static final Logger LOG = LoggerFactory.getLogger(PolicyEvents.class);

  private final Clock clock;

  /** Creates a writer that stamps events with the given clock. */
  public PolicyEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * Creates a {@code Warning} event on the resource. A failed write is logged and dropped, because
   * an event is advisory and the condition already carries the same reason.
   */
  public void warn(KubernetesClient client, HasMetadata resource, String reason, String message) {
    var metadata = resource.getMetadata();
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(metadata.getName() + ".")
            .withNamespace(metadata.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(metadata.getName())
                    .withNamespace(metadata.getNamespace())
                    .withUid(metadata.getUid())
                    .withResourceVersion(metadata.getResourceVersion())
                    .build())
            .withType("Warning")
            .withReason(reason)
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Failed to write event {} for {}/{}: {}",
          reason,
          metadata.getNamespace(),
          metadata.getName(),
          e.getMessage());
    }
  }
}
