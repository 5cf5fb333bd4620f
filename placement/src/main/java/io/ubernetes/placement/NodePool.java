package io.ubernetes.placement;

import java.util.Arrays;
import java.util.List;

/**
 * A cluster's nodes as a batch fills them: runs of nodes with the same free resources, in the order
 * the cluster reported them. Replicas go first-fit, each on the first node with room for it, so
 * that what one decision takes is gone for the next; nothing a decision gives up is handed back,
 * since which node it frees is not known. The estimate can only err on the side of less.
 */
final class NodePool {
  private long[] cpu;
  private long[] memory;
  private long[] pods;
  private int[] count;
  private int size;

  private NodePool(int capacity) {
    cpu = new long[capacity];
    memory = new long[capacity];
    pods = new long[capacity];
    count = new int[capacity];
  }

  /** The pool of the nodes a cluster reported, or null when it reported none. */
  static NodePool of(List<NodeGroup> groups) {
    if (groups == null) {
      return null;
    }
    NodePool pool = new NodePool(Math.max(4, groups.size() + 2));
    for (NodeGroup group : groups) {
      if (group.count() > 0) {
        Resources free = group.free();
        pool.append(free.cpuMillis(), free.memoryBytes(), free.pods(), group.count());
      }
    }
    return pool;
  }

  NodePool copy() {
    NodePool copy = new NodePool(cpu.length);
    System.arraycopy(cpu, 0, copy.cpu, 0, size);
    System.arraycopy(memory, 0, copy.memory, 0, size);
    System.arraycopy(pods, 0, copy.pods, 0, size);
    System.arraycopy(count, 0, copy.count, 0, size);
    copy.size = size;
    return copy;
  }

  /**
   * How many replicas of {@code unit} the nodes hold, each wholly on one node; counting stops at
   * {@code limit}.
   */
  long fit(Resources unit, long limit) {
    long total = 0;
    for (int g = 0; g < size && total < limit; g++) {
      total = add(total, perNode(cpu[g], memory[g], pods[g], unit), count[g]);
    }
    return Math.min(total, limit);
  }

  /** The same over the groups as reported, before any replica was placed on them. */
  static long fit(List<NodeGroup> groups, Resources unit, long limit) {
    long total = 0;
    for (int g = 0; g < groups.size() && total < limit; g++) {
      NodeGroup group = groups.get(g);
      Resources free = group.free();
      total =
          add(
              total,
              perNode(free.cpuMillis(), free.memoryBytes(), free.pods(), unit),
              group.count());
    }
    return Math.min(total, limit);
  }

  private static long add(long total, long perNode, int nodes) {
    if (perNode <= 0) {
      return total;
    }
    if (perNode >= Integer.MAX_VALUE) {
      return Integer.MAX_VALUE;
    }
    return Math.min(Integer.MAX_VALUE, total + perNode * nodes);
  }

  /**
   * Puts {@code replicas} replicas of {@code unit} on the nodes, first-fit; extra ones find none.
   */
  void place(Resources unit, long replicas) {
    long remaining = replicas;
    for (int g = 0; g < size && remaining > 0; g++) {
      long perNode = perNode(g, unit);
      if (perNode <= 0) {
        continue;
      }
      long filled = Math.min(count[g], remaining / perNode);
      long rest = remaining - filled * perNode;
      if (filled == count[g]) {
        take(g, unit, perNode);
        remaining = rest;
        continue;
      }
      // The group splits: nodes filled up, one node part-filled, nodes untouched.
      int untouched = count[g] - (int) filled - (rest > 0 ? 1 : 0);
      int at = g;
      if (filled > 0) {
        insertCopy(at, (int) filled);
        take(at, unit, perNode);
        at++;
      }
      if (rest > 0) {
        insertCopy(at, 1);
        take(at, unit, rest);
        at++;
      }
      count[at] = untouched;
      if (untouched == 0) {
        remove(at);
      }
      return;
    }
  }

  /**
   * Why no node holds one replica, naming what none has enough of: {@code no node has 64 CPU free
   * (largest free 16)}; or null when some node holds one.
   */
  String whyNoNode(Resources unit) {
    long cpuMax = 0;
    long memoryMax = 0;
    long podsMax = 0;
    for (int g = 0; g < size; g++) {
      if (perNode(g, unit) > 0) {
        return null;
      }
      cpuMax = Math.max(cpuMax, cpu[g]);
      memoryMax = Math.max(memoryMax, memory[g]);
      podsMax = Math.max(podsMax, pods[g]);
    }
    if (unit.cpuMillis() > cpuMax) {
      return "no node has "
          + Quantities.cpu(unit.cpuMillis())
          + " CPU free (largest free "
          + Quantities.cpu(cpuMax)
          + ")";
    }
    if (unit.memoryBytes() > memoryMax) {
      return "no node has "
          + Quantities.memory(unit.memoryBytes())
          + " memory free (largest free "
          + Quantities.memory(memoryMax)
          + ")";
    }
    if (unit.pods() > podsMax) {
      return "no node has a pod slot free";
    }
    return "no node has "
        + Quantities.cpu(unit.cpuMillis())
        + " CPU and "
        + Quantities.memory(unit.memoryBytes())
        + " memory free at once";
  }

  private long perNode(int g, Resources unit) {
    return perNode(cpu[g], memory[g], pods[g], unit);
  }

  /** As {@link Resources#fits}, without making a value per node. */
  private static long perNode(long cpu, long memory, long pods, Resources unit) {
    long fit = Long.MAX_VALUE;
    if (unit.cpuMillis() > 0) {
      fit = Math.min(fit, cpu / unit.cpuMillis());
    }
    if (unit.memoryBytes() > 0) {
      fit = Math.min(fit, memory / unit.memoryBytes());
    }
    if (unit.pods() > 0) {
      fit = Math.min(fit, pods / unit.pods());
    }
    return fit;
  }

  private void take(int g, Resources unit, long replicas) {
    cpu[g] = Math.max(0, cpu[g] - replicas * unit.cpuMillis());
    memory[g] = Math.max(0, memory[g] - replicas * unit.memoryBytes());
    pods[g] = Math.max(0, pods[g] - replicas * unit.pods());
  }

  private void append(long freeCpu, long freeMemory, long freePods, int nodes) {
    grow();
    cpu[size] = freeCpu;
    memory[size] = freeMemory;
    pods[size] = freePods;
    count[size] = nodes;
    size++;
  }

  /** Inserts at {@code g} a run of {@code nodes} nodes like those at {@code g}. */
  private void insertCopy(int g, int nodes) {
    grow();
    System.arraycopy(cpu, g, cpu, g + 1, size - g);
    System.arraycopy(memory, g, memory, g + 1, size - g);
    System.arraycopy(pods, g, pods, g + 1, size - g);
    System.arraycopy(count, g, count, g + 1, size - g);
    count[g] = nodes;
    size++;
  }

  private void remove(int g) {
    System.arraycopy(cpu, g + 1, cpu, g, size - g - 1);
    System.arraycopy(memory, g + 1, memory, g, size - g - 1);
    System.arraycopy(pods, g + 1, pods, g, size - g - 1);
    System.arraycopy(count, g + 1, count, g, size - g - 1);
    size--;
  }

  private void grow() {
    if (size == cpu.length) {
      int capacity = cpu.length * 2;
      cpu = Arrays.copyOf(cpu, capacity);
      memory = Arrays.copyOf(memory, capacity);
      pods = Arrays.copyOf(pods, capacity);
      count = Arrays.copyOf(count, capacity);
    }
  }
}
