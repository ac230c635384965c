package io.fusebox.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;

/**
 * CRD generator hook that marks a list property as {@code x-kubernetes-list-type: map} keyed by the
 * given fields. The input is {@code property:key1,key2}, for example {@code breakers:name}.
 *
 * <p>fabric8 7.5.2 has no annotation for list types, and its merge-patch customizer replaces the
 * whole {@code properties} map instead of merging into it, so this customizer edits the one
 * property in place. It runs only inside the generator at build time.
 */
public final class MapListCustomizer implements SchemaCustomizer.Customizer {

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    int colon = input.indexOf(':');
    if (colon <= 0 || colon == input.length() - 1) {
      throw new IllegalArgumentException(
          "invalid MapListCustomizer input '" + input + "': expected property:key1,key2");
    }
    String property = input.substring(0, colon);
    List<String> keys = Arrays.asList(input.substring(colon + 1).split(","));
    JSONSchemaProps list = props.getProperties().get(property);
    if (list == null || !"array".equals(list.getType())) {
      throw new IllegalArgumentException(
          "MapListCustomizer: property '" + property + "' is missing or not an array");
    }
    list.setXKubernetesListType("map");
    list.setXKubernetesListMapKeys(keys);
    return props;
  }
}
