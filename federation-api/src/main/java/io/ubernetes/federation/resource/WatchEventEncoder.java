package io.ubernetes.federation.resource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How one watch writes its events: a line of JSON each, {@code {"type":...,"object":...}}. Chosen
 * per request by the Accept header ({@link #forAccept}); a watch that asks for Tables (kubectl's
 * {@code as=Table}) gets them from an encoder of its own once Tables are served, and the objects
 * themselves until then (kubectl prints those too).
 */
interface WatchEventEncoder {
  /** Writes one event; {@code object} is the object's JSON as the caller is shown it. */
  void write(OutputStream out, String type, byte[] object) throws IOException;

  WatchEventEncoder JSON =
      (out, type, object) -> {
        out.write(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
        out.write(object);
        out.write('}');
        out.write('\n');
      };

  static WatchEventEncoder forAccept(String accept) {
    return JSON;
  }
}
