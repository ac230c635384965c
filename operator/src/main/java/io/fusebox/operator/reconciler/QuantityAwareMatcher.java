package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Server-side-apply matcher that treats two quantities of equal value as equal.
 *
 * <p>The API server stores quantities in canonical form ({@code "1000m"} becomes {@code "1"},
 * {@code "2048Mi"} becomes {@code "2Gi"}), so JOSDK's default matcher, which compares strings,
 * would see a difference after every write and apply again on every reconcile. This matcher
 * compares two strings as numbers when both are Kubernetes quantities, and otherwise exactly.
 */
public class QuantityAwareMatcher<R extends HasMetadata>
    extends SSABasedGenericKubernetesResourceMatcher<R> {

  // A Kubernetes quantity: a signed decimal number with an optional binary, decimal-SI or
  // decimal-exponent suffix.
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

  @Override
  protected boolean matches(
      Map<String, Object> actualMap,
      Map<String, Object> desiredMap,
      R actual,
      R desired,
      Context<?> context) {
    return equivalent(actualMap, desiredMap);
  }

  /** Returns whether two decoded JSON values are equal, comparing quantities by value. */
  static boolean equivalent(Object actual, Object desired) {
    if (actual instanceof Map<?, ?> actualMap && desired instanceof Map<?, ?> desiredMap) {
      if (!actualMap.keySet().equals(desiredMap.keySet())) {
        return false;
      }
      for (var entry : actualMap.entrySet()) {
        if (!equivalent(entry.getValue(), desiredMap.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (actual instanceof List<?> actualList && desired instanceof List<?> desiredList) {
      if (actualList.size() != desiredList.size()) {
        return false;
      }
      Iterator<?> a = actualList.iterator();
      Iterator<?> d = desiredList.iterator();
      while (a.hasNext()) {
        if (!equivalent(a.next(), d.next())) {
          return false;
        }
      }
      return true;
    }
    if (actual instanceof String a && desired instanceof String d && !a.equals(d)) {
      return sameQuantity(a, d);
    }
    return Objects.equals(actual, desired);
  }

  private static boolean sameQuantity(String a, String b) {
    if (!QUANTITY.matcher(a).matches() || !QUANTITY.matcher(b).matches()) {
      return false;
    }
    try {
      BigDecimal left = new Quantity(a).getNumericalAmount();
      BigDecimal right = new Quantity(b).getNumericalAmount();
      return left.compareTo(right) == 0;
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false;
    }
  }
}
