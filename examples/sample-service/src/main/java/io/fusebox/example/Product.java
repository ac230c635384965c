package io.fusebox.example;

/**
 * A product of the shop catalogue.
 *
 * @param id product id, such as {@code p-1}
 * @param name display name
 * @param priceCents price in cents
 */
public record Product(String id, String name, long priceCents) {}
