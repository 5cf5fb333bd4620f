package io.ubernetes.federation.web;

import io.ubernetes.federation.resource.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Resolves YAML anchors and aliases before Jackson reads a document: Jackson's YAML parser reads an
 * alias as its anchor's name ({@code b: *x} became {@code "x"}), so a document with aliases is
 * written out again with each alias replaced by a copy of its anchor's events (keeping every
 * scalar's style and tag, so values are typed as before), as Kubernetes' own YAML reading resolves
 * them. Bounded as Kubernetes bounds them: at most {@value #MAX_ALIASED_VALUES} values come from
 * aliases (a "billion laughs" is refused with 400), and what they copy may not outgrow the object
 * size limit (413). Aliases that stand for no value are refused with 400 naming where they are: an
 * alias inside its own anchor, of no anchor, or as a key, and YAML 1.1 merge keys ({@code <<}),
 * which YAML 1.2 and Kubernetes' strict reading do not have.
 */
final class YamlAliases {
  static final int MAX_ALIASED_VALUES = 100_000;

  private final long maxBytes;
  private final Map<String, List<Event>> anchors = new HashMap<>();
  private final Map<String, List<Event>> recording = new HashMap<>();
  private final Map<String, Integer> recordingDepth = new HashMap<>();
  private final Deque<Frame> path = new ArrayDeque<>();
  private final Emitter emitter;
  private final StringBuilder out = new StringBuilder();
  private long aliasedValues;
  private long aliasedBytes;
  private boolean changed;

  /** Where the parser is: a mapping (at a key or a value) or a sequence (at an index). */
  private static final class Frame {
    final boolean mapping;
    boolean atKey = true;
    String key;
    int index = -1;

    Frame(boolean mapping) {
      this.mapping = mapping;
    }
  }

  private YamlAliases(long maxBytes) {
    this.maxBytes = maxBytes;
    StreamDataWriter writer =
        new StreamDataWriter() {
          @Override
          public void write(String text) {
            out.append(text);
          }

          @Override
          public void write(String text, int offset, int length) {
            out.append(text, offset, offset + length);
          }
        };
    this.emitter =
        new Emitter(
            DumpSettings.builder().setSplitLines(false).setWidth(Integer.MAX_VALUE).build(),
            writer);
  }

  /**
   * The document with its aliases resolved, or {@code body} itself when it has none (or cannot be
   * parsed: Jackson then says why, where).
   */
  static byte[] expand(byte[] body, long maxBytes) {
    if (!contains(body, (byte) '&') && !contains(body, (byte) '*')) {
      return body;
    }
    YamlAliases expansion = new YamlAliases(maxBytes);
    try {
      Parse parse = new Parse(LoadSettings.builder().build());
      for (Event event : parse.parseInputStream(new ByteArrayInputStream(body))) {
        expansion.read(event);
      }
    } catch (YamlEngineException e) {
      return body;
    }
    return expansion.changed ? expansion.out.toString().getBytes(StandardCharsets.UTF_8) : body;
  }

  private void read(Event event) {
    if (event instanceof AliasEvent alias) {
      changed = true;
      String name = alias.getAlias().getValue();
      if (atKey()) {
        throw ApiException.badRequest(
            field(), "an alias (*" + name + ") cannot be a key: write the key out");
      }
      if (recording.containsKey(name)) {
        throw ApiException.badRequest(
            field(), "the alias *" + name + " is inside its own anchor: it stands for no value");
      }
      List<Event> anchored = anchors.get(name);
      if (anchored == null) {
        throw ApiException.badRequest(field(), "the alias *" + name + " has no anchor before it");
      }
      for (Event copy : anchored) {
        count(copy);
        write(copy);
      }
      return;
    }
    if (event instanceof ScalarEvent scalar
        && atKey()
        && scalar.isPlain()
        && "<<".equals(scalar.getValue())) {
      throw ApiException.badRequest(
          field() + ".<<", "merge keys (<<) are not supported: write the keys out");
    }
    if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
      changed = true;
      String name = node.getAnchor().get().getValue();
      recording.put(name, new ArrayList<>());
      recordingDepth.put(name, 0);
      event = withoutAnchor(node);
    }
    write(event);
  }

  /** Writes an event out, records it for the anchors open around it, and follows the path. */
  private void write(Event event) {
    for (var open : List.copyOf(recording.entrySet())) {
      String name = open.getKey();
      open.getValue().add(event);
      int depth = recordingDepth.get(name);
      if (event instanceof MappingStartEvent || event instanceof SequenceStartEvent) {
        depth++;
      } else if (event instanceof CollectionEndEvent) {
        depth--;
      }
      recordingDepth.put(name, depth);
      if (depth == 0) {
        anchors.put(name, recording.remove(name));
        recordingDepth.remove(name);
      }
    }
    emitter.emit(event);
    follow(event);
  }

  private void count(Event event) {
    aliasedValues++;
    if (event instanceof ScalarEvent scalar) {
      aliasedBytes += scalar.getValue().length();
    }
    if (aliasedValues > MAX_ALIASED_VALUES) {
      throw ApiException.badRequest(
          field(),
          "the document's aliases expand to more than "
              + MAX_ALIASED_VALUES
              + " values: alias expansion is limited");
    }
    if (aliasedBytes > maxBytes) {
      throw ApiException.tooLarge(
          field(),
          "the document's aliases expand to more than the object size limit of "
              + maxBytes
              + " bytes");
    }
  }

  private void follow(Event event) {
    boolean node =
        event instanceof ScalarEvent
            || event instanceof MappingStartEvent
            || event instanceof SequenceStartEvent;
    Frame current = path.peek();
    if (node && current != null) {
      if (current.mapping) {
        if (current.atKey) {
          current.key = event instanceof ScalarEvent scalar ? scalar.getValue() : "?";
        }
        current.atKey = !current.atKey;
      } else {
        current.index++;
      }
    }
    if (event instanceof MappingStartEvent) {
      path.push(new Frame(true));
    } else if (event instanceof SequenceStartEvent) {
      path.push(new Frame(false));
    } else if (event instanceof CollectionEndEvent) {
      path.pop();
    }
  }

  private boolean atKey() {
    Frame current = path.peek();
    return current != null && current.mapping && current.atKey;
  }

  /** The path of the value about to be read (or of the mapping, at a key). */
  private String field() {
    StringBuilder field = new StringBuilder();
    List<Frame> frames = new ArrayList<>(path);
    for (int i = frames.size() - 1; i >= 0; i--) {
      Frame frame = frames.get(i);
      boolean innermost = i == 0;
      if (frame.mapping) {
        // At a key, the mapping itself is where; at a value (or inside one), its key.
        if (!(innermost && frame.atKey) && frame.key != null) {
          field.append(field.isEmpty() ? "" : ".").append(frame.key);
        }
      } else {
        field.append('[').append(Math.max(frame.index + (innermost ? 1 : 0), 0)).append(']');
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }

  private static Event withoutAnchor(NodeEvent event) {
    return switch (event) {
      case ScalarEvent scalar ->
          new ScalarEvent(
              Optional.empty(),
              scalar.getTag(),
              scalar.getImplicit(),
              scalar.getValue(),
              scalar.getScalarStyle());
      case MappingStartEvent mapping ->
          new MappingStartEvent(
              Optional.empty(), mapping.getTag(), mapping.isImplicit(), mapping.getFlowStyle());
      case SequenceStartEvent sequence ->
          new SequenceStartEvent(
              Optional.empty(), sequence.getTag(), sequence.isImplicit(), sequence.getFlowStyle());
      default -> event;
    };
  }

  private static boolean contains(byte[] bytes, byte wanted) {
    for (byte b : bytes) {
      if (b == wanted) {
        return true;
      }
    }
    return false;
  }
}
