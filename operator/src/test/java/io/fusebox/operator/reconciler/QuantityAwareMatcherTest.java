package io.fusebox.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantityAwareMatcherTest {

  @Test
  void milliUnitsEqualWholeUnits() {
    assertThat(QuantityAwareMatcher.equivalent("1000m", "1")).isTrue();
  }

  @Test
  void binaryUnitsCompareByValue() {
    assertThat(QuantityAwareMatcher.equivalent("2048Mi", "2Gi")).isTrue();
  }

  @Test
  void decimalEqualsMilliUnits() {
    assertThat(QuantityAwareMatcher.equivalent("0.5", "500m")).isTrue();
  }

  @Test
  void differentQuantitiesDiffer() {
    assertThat(QuantityAwareMatcher.equivalent("1", "2")).isFalse();
    assertThat(QuantityAwareMatcher.equivalent("1Gi", "1G")).isFalse();
  }

  @Test
  void plainStringsCompareExactly() {
    assertThat(QuantityAwareMatcher.equivalent("checkout", "checkout")).isTrue();
    assertThat(QuantityAwareMatcher.equivalent("checkout", "Checkout")).isFalse();
    assertThat(QuantityAwareMatcher.equivalent("30s", "30000ms")).isFalse();
  }

  @Test
  void nestedQuantitiesMatchInsideMapsAndLists() {
    var actual =
        Map.of("spec", Map.of("metrics", List.of(Map.of("averageValue", "1"), Map.of("n", 3))));
    var desired =
        Map.of("spec", Map.of("metrics", List.of(Map.of("averageValue", "1000m"), Map.of("n", 3))));

    assertThat(QuantityAwareMatcher.equivalent(actual, desired)).isTrue();
  }

  @Test
  void missingKeyIsDifference() {
    assertThat(QuantityAwareMatcher.equivalent(Map.of("a", "1"), Map.of("a", "1", "b", "2")))
        .isFalse();
  }

  @Test
  void listLengthIsDifference() {
    assertThat(QuantityAwareMatcher.equivalent(List.of("1"), List.of("1", "1"))).isFalse();
  }
}
