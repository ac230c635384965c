package io.fusebox.example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The product table, read over JDBC: an in-memory H2 database by default, or the database that
 * {@code DATABASE_URL} names (a {@code jdbc:postgresql://} URL uses the PostgreSQL driver).
 */
public final class ProductDatabase {

  /** JDBC URL of the embedded database; DB_CLOSE_DELAY keeps it while no connection is open. */
  public static final String EMBEDDED_URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";

  private final String url;
  private final int queryTimeoutSeconds;

  /**
   * Creates the table and its sample rows when they do not exist yet.
   *
   * @param url JDBC URL
   * @param queryTimeoutSeconds JDBC query timeout; 0 means none
   */
  public ProductDatabase(String url, int queryTimeoutSeconds) throws SQLException {
    this.url = url;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS products ("
              + "id VARCHAR(32) PRIMARY KEY, name VARCHAR(200) NOT NULL, price_cents BIGINT NOT NULL)");
      try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM products")) {
        count.next();
        if (count.getLong(1) == 0) {
          for (int i = 1; i <= 20; i++) {
            statement.execute(
                "INSERT INTO products (id, name, price_cents) VALUES ('p-"
                    + i
                    + "', 'Product "
                    + i
                    + "', "
                    + (i * 250)
                    + ")");
          }
        }
      }
    }
  }

  /** Returns the product with {@code id}, or empty when the table has no such row. */
  public Optional<Product> find(String id) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT id, name, price_cents FROM products WHERE id = ?")) {
      query.setQueryTimeout(queryTimeoutSeconds);
      query.setString(1, id);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new Product(row.getString(1), row.getString(2), row.getLong(3)));
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }
}
