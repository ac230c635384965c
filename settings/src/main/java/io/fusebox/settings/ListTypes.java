package io.fusebox.settings;

import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.settings.YamlNode.ListNode;
import io.fusebox.settings.YamlNode.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The list-valued key types: exception class names and HTTP status code ranges. */
final class ListTypes {

  /** A Java binary class name such as {@code java.io.IOException} or {@code a.B$C}. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

  private static final int MAX_CLASS_NAME_LENGTH = 512;

  private ListTypes() {}

  private static boolean isClassName(String text) {
    return text.length() <= MAX_CLASS_NAME_LENGTH && CLASS_NAME.matcher(text).matches();
  }

  /** A list of Java class names. */
  static ValueType classNames() {
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return List.class;
      }

      @Override
      String expected() {
        return "a list of Java class names such as [java.io.IOException]";
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        if (!(node instanceof ListNode list)) {
          throw wrongType("a list");
        }
        List<String> names = new ArrayList<>();
        for (YamlNode item : list.items()) {
          if (!(item instanceof ScalarNode scalar)
              || !scalar.isString()
              || !isClassName(scalar.text())) {
            throw new InvalidValueException("contains an invalid class name", fix(), item);
          }
          names.add(scalar.text());
        }
        return checked(List.copyOf(names));
      }

      @Override
      String rangeProblem(Object value) {
        for (Object name : (List<?>) value) {
          if (!(name instanceof String text) || !isClassName(text)) {
            return "contains an invalid class name";
          }
        }
        return null;
      }

      @Override
      String toYaml(Object value) {
        List<String> quoted = new ArrayList<>();
        for (Object name : (List<?>) value) {
          quoted.add(YamlText.quote((String) name));
        }
        return "[" + String.join(", ", quoted) + "]";
      }
    };
  }

  /** A list of status codes and ranges, {@code NNN} or {@code NNN-NNN}, within 100..599. */
  static ValueType statusCodes() {
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return List.class;
      }

      @Override
      String expected() {
        return "a list of status codes or ranges within 100..599, such as [\"500-599\", 429]";
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        if (!(node instanceof ListNode list)) {
          throw wrongType("a list");
        }
        List<StatusCodeRange> ranges = new ArrayList<>();
        for (YamlNode item : list.items()) {
          boolean codeOrText =
              item instanceof ScalarNode scalar
                  && (scalar.isString() || scalar.token() == JsonToken.VALUE_NUMBER_INT);
          StatusCodeRange range =
              codeOrText ? StatusCodeRange.parse(((ScalarNode) item).text()).orElse(null) : null;
          if (range == null) {
            throw new InvalidValueException(
                "contains an invalid status code or range", fix(), item);
          }
          ranges.add(range);
        }
        return List.copyOf(ranges);
      }

      @Override
      String rangeProblem(Object value) {
        for (Object range : (List<?>) value) {
          if (!(range instanceof StatusCodeRange)) {
            return "contains a value that is not a status code range";
          }
        }
        return null;
      }

      @Override
      String toYaml(Object value) {
        List<String> quoted = new ArrayList<>();
        for (Object range : (List<?>) value) {
          quoted.add(YamlText.quote(range.toString()));
        }
        return "[" + String.join(", ", quoted) + "]";
      }
    };
  }
}
