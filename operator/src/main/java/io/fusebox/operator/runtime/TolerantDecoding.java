package io.fusebox.operator.runtime;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Jackson set-up under which one stored resource that no longer fits the Java model cannot stop the
 * operator.
 *
 * <p>fabric8 decodes a list response in one piece, so without this set-up a single bad item fails
 * the whole list, including the informer's initial list. With it, a resource of the given type that
 * fails to decode becomes an instance with its metadata only, an empty spec and the decoding error
 * in the annotation {@link #DECODE_ERROR_ANNOTATION}. The annotation exists only in memory. The
 * reconciler reads it, reports the error in a condition and writes nothing else for that resource.
 */
public final class TolerantDecoding {

  /** In-memory annotation that carries the decoding error of a resource. */
  public static final String DECODE_ERROR_ANNOTATION = "fusebox.io/decode-error";

  private TolerantDecoding() {}

  /**
   * Creates a fabric8 serialization whose mapper decodes {@code type} tolerantly.
   *
   * @param type the resource class to protect
   * @param factory creates an empty instance of {@code type}
   * @param onFailure receives the error message of every failed decoding
   */
  public static <T extends HasMetadata> KubernetesSerialization serialization(
      Class<T> type, Supplier<T> factory, Consumer<String> onFailure) {
    ObjectMapper mapper = new ObjectMapper();
    SimpleModule module = new SimpleModule("fusebox-tolerant-decoding");
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config,
              BeanDescription description,
              JsonDeserializer<?> deserializer) {
            if (description.getBeanClass() != type) {
              return deserializer;
            }
            return new TolerantDeserializer<>(type, factory, onFailure, deserializer);
          }
        });
    mapper.registerModule(module);
    return new KubernetesSerialization(mapper, true);
  }

  /** Returns the decoding error recorded on the resource, if it failed to decode. */
  public static Optional<String> decodeError(HasMetadata resource) {
    var annotations = resource.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : Optional.ofNullable(annotations.get(DECODE_ERROR_ANNOTATION));
  }

  private static final class TolerantDeserializer<T extends HasMetadata> extends StdDeserializer<T>
      implements ResolvableDeserializer {

    private final transient Supplier<T> factory;
    private final transient Consumer<String> onFailure;
    private final transient JsonDeserializer<?> delegate;

    TolerantDeserializer(
        Class<T> type,
        Supplier<T> factory,
        Consumer<String> onFailure,
        JsonDeserializer<?> delegate) {
      super(type);
      this.factory = factory;
      this.onFailure = onFailure;
      this.delegate = delegate;
    }

    @Override
    public void resolve(DeserializationContext context) throws JsonMappingException {
      if (delegate instanceof ResolvableDeserializer resolvable) {
        resolvable.resolve(context);
      }
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode tree = context.readTree(parser);
      try (JsonParser replay = tree.traverse(parser.getCodec())) {
        replay.nextToken();
        @SuppressWarnings("unchecked")
        T decoded = (T) delegate.deserialize(replay, context);
        return decoded;
      } catch (JacksonException | IllegalArgumentException e) {
        return placeholder(tree, describe(e), context);
      }
    }

    private T placeholder(JsonNode tree, String error, DeserializationContext context)
        throws IOException {
      T resource = factory.get();
      ObjectMeta metadata =
          tree.hasNonNull("metadata")
              ? context.readTreeAsValue(tree.get("metadata"), ObjectMeta.class)
              : new ObjectMeta();
      if (metadata.getAnnotations() == null) {
        metadata.setAnnotations(new HashMap<>());
      }
      metadata.getAnnotations().put(DECODE_ERROR_ANNOTATION, error);
      resource.setMetadata(metadata);
      onFailure.accept(
          "Failed to decode "
              + handledType().getSimpleName()
              + " "
              + metadata.getNamespace()
              + "/"
              + metadata.getName()
              + ": "
              + error);
      return resource;
    }

    private static String describe(Exception e) {
      if (e instanceof JsonMappingException mapping) {
        String path = mapping.getPathReference();
        return mapping.getOriginalMessage() + (path == null ? "" : " (at " + path + ")");
      }
      return e.getMessage();
    }
  }
}
