package io.fusebox.example;

import java.util.List;

/**
 * The response of {@code GET /products/<id>}.
 *
 * @param product the product
 * @param source where the product came from: {@code cache} or {@code database}
 * @param recommendations ids from the external API; empty when it was not used
 * @param degraded true when the recommendations are a fallback because the external API failed,
 *     timed out or its breaker rejected the call
 */
public record ProductView(
    Product product, String source, List<String> recommendations, boolean degraded) {}
