package io.ubernetes.sandbox.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where simulated clusters keep their objects between starts: one directory per cluster under
 * {@link #directory()}, holding its state file {@value #FILE_NAME}.
 */
public final class ClusterStates {
  public static final String FILE_NAME = "state.json";

  /** Where a state that belongs to no federation any more is kept: one, the last. */
  public static final String SET_ASIDE_NAME = "state-of-a-former-federation.json";

  private final Path directory;

  private ClusterStates(Path directory) {
    this.directory = directory;
  }

  /** The states under {@code directory}, such as {@code data/clusters}. */
  public static ClusterStates in(Path directory) {
    if (directory == null) {
      throw new IllegalArgumentException("directory: required");
    }
    return new ClusterStates(directory);
  }

  public Path directory() {
    return directory;
  }

  /** The directory of cluster {@code name}. */
  public Path directory(String name) {
    return directory.resolve(name);
  }

  Path file(String name) {
    return directory(name).resolve(FILE_NAME);
  }

  /**
   * Every saved cluster, by name.
   *
   * @throws UnreadableStateException for the first state file that cannot be used
   */
  public Map<String, SavedCluster> load() {
    Map<String, SavedCluster> saved = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return saved;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (Files.isRegularFile(file(name))) {
          saved.put(name, StateFile.read(file(name), name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return saved;
  }

  /** Whether the cluster has a state file. */
  public boolean has(String name) {
    return Files.isRegularFile(file(name));
  }

  /**
   * Moves the cluster's state file aside, to {@value #SET_ASIDE_NAME} beside it (replacing an
   * earlier one), so that the cluster starts empty.
   *
   * @return where it is now
   */
  public Path setAside(String name) {
    Path aside = file(name).resolveSibling(SET_ASIDE_NAME);
    try {
      Files.move(file(name), aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + file(name) + " to " + aside, e);
    }
    return aside;
  }

  /** Deletes the state of a cluster that never ran properly (a failed start), if it has one. */
  public void discard(String name) {
    try {
      Files.deleteIfExists(file(name).resolveSibling(FILE_NAME + ".tmp"));
      Files.deleteIfExists(file(name));
      Files.deleteIfExists(directory(name));
    } catch (DirectoryNotEmptyException e) {
      // Someone keeps files of their own there.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the state of " + name + " in " + directory, e);
    }
  }

  /**
   * The saved state of one cluster, if it has one.
   *
   * @throws UnreadableStateException if its state file cannot be used
   */
  public Optional<SavedCluster> load(String name) {
    Path file = file(name);
    return Files.isRegularFile(file) ? Optional.of(StateFile.read(file, name)) : Optional.empty();
  }
}
