package io.ubernetes.federation.resource.fields;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Server-side apply's bookkeeping of who owns which fields, as Kubernetes keeps it in {@code
 * metadata.managedFields}, over the documents of one kind: what a manager applies it owns (shared
 * with managers that applied the same values); applying a different value to a field another
 * manager owns is a conflict unless forced, and forcing takes the field; a field a manager stops
 * applying is removed unless another manager owns it; every other write takes the fields it changes
 * for its manager as an {@code Update}. Pure: documents in, documents and entries out.
 *
 * <p>The documents are what is tracked of an object: its labels and annotations under {@code
 * metadata}, and its {@code spec}. Identity, server-set metadata and status are nobody's.
 */
public final class FieldManager {
  /** Kubernetes keeps at most this many Update entries; older ones merge into one. */
  static final int MAX_UPDATE_ENTRIES = 10;

  static final String ANCIENT_CHANGES = "ancient-changes";

  /** Who owns what an object held before its first apply, when nobody owned anything yet. */
  static final String BEFORE_FIRST_APPLY = "before-first-apply";

  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  private final ListMaps lists;
  private final String apiVersion;

  public FieldManager(ListMaps lists, String apiVersion) {
    this.lists = lists;
    this.apiVersion = apiVersion;
  }

  /** An applied object and who owns its fields now. */
  public record Applied(JsonNode object, List<ManagedFieldsEntry> managedFields) {}

  /**
   * The managedFields a write starts from, as Kubernetes decides: those the client sent when it
   * sent any that can be read, none when it sent {@code []} or {@code [{}]} (a reset), otherwise
   * the live object's.
   */
  public static List<ManagedFieldsEntry> liveOrSent(
      List<ManagedFieldsEntry> live, List<ManagedFieldsEntry> sent) {
    if (sent == null) {
      return live;
    }
    if (sent.isEmpty() || (sent.size() == 1 && sent.getFirst().isEmpty())) {
      return List.of();
    }
    try {
      Owner.all(sent);
      return sent;
    } catch (IllegalArgumentException unreadable) {
      return live;
    }
  }

  /**
   * Applies {@code config} for {@code manager} to {@code live} (null when the object does not exist
   * yet).
   *
   * @throws ApplyConflicts when not forced and another manager owns a field the config changes
   */
  public Applied apply(
      JsonNode live,
      JsonNode config,
      List<ManagedFieldsEntry> managed,
      String manager,
      boolean force,
      String time) {
    return apply(live, config, managed, manager, force, time, null);
  }

  /**
   * Applies {@code config} as {@link #apply(JsonNode, JsonNode, List, String, boolean, String)}
   * does, except that a field the client-side apply's configuration {@code lastApplied} sets to its
   * live value is no conflict: the apply takes it, as Kubernetes lets kubectl move from client-side
   * to server-side apply.
   *
   * @param lastApplied what a client-side apply last applied (its tracked part), or null
   * @throws ApplyConflicts when not forced and another manager owns a field the config changes that
   *     {@code lastApplied} does not set to its live value
   */
  public Applied apply(
      JsonNode live,
      JsonNode config,
      List<ManagedFieldsEntry> managed,
      String manager,
      boolean force,
      String time,
      JsonNode lastApplied) {
    List<Owner> owners = new ArrayList<>(Owner.all(managed));
    if (live != null && owners.isEmpty()) {
      FieldSet existing = FieldSet.of(live, lists);
      if (!existing.isEmpty()) {
        owners.add(
            new Owner(
                BEFORE_FIRST_APPLY, ManagedFieldsEntry.UPDATE, apiVersion, time, null, existing));
      }
    }
    FieldSet applied = FieldSet.of(config, lists);
    JsonNode merged = live == null ? config.deepCopy() : Documents.merge(live, config, lists);
    FieldSet changed = changed(live, merged, applied);

    Owner self = null;
    FieldSet allowed =
        lastApplied == null || live == null ? FieldSet.EMPTY : unchanged(lastApplied, live);
    List<ApplyConflicts.Conflict> conflicts = new ArrayList<>();
    for (Owner owner : owners) {
      if (owner.is(manager, ManagedFieldsEntry.APPLY)) {
        self = owner;
        continue;
      }
      for (List<String> path : owner.fields().intersection(changed).difference(allowed).paths()) {
        conflicts.add(new ApplyConflicts.Conflict(owner.printed(), FieldSet.render(path)));
      }
    }
    if (!conflicts.isEmpty() && !force) {
      throw new ApplyConflicts(conflicts);
    }
    FieldSet othersOwn = FieldSet.EMPTY;
    for (int i = 0; i < owners.size(); i++) {
      Owner owner = owners.get(i);
      if (owner != self) {
        owner = owner.withFields(owner.fields().difference(changed));
        owners.set(i, owner);
        othersOwn = othersOwn.union(owner.fields());
      }
    }
    FieldSet previous = self == null ? FieldSet.EMPTY : self.fields();
    for (List<String> path : previous.difference(applied).difference(othersOwn).paths()) {
      Documents.remove(merged, path, lists);
    }
    Owner updated = new Owner(manager, ManagedFieldsEntry.APPLY, apiVersion, time, null, applied);
    if (self == null) {
      owners.add(updated);
    } else {
      owners.set(owners.indexOf(self), updated);
    }
    return new Applied(merged, settle(owners, managed));
  }

  /**
   * Records a write other than an apply ({@code POST}, {@code PUT}, a merge or JSON patch) for
   * {@code manager}: it takes every field it changes from whoever owned it, and fields it removes
   * are nobody's any more. A write that changes nothing leaves the entries as they are.
   *
   * @param live the object before the write; null for a create
   */
  public List<ManagedFieldsEntry> update(
      JsonNode live,
      JsonNode updated,
      List<ManagedFieldsEntry> managed,
      String manager,
      String time) {
    FieldSet before = live == null ? FieldSet.EMPTY : FieldSet.of(live, lists);
    FieldSet after = FieldSet.of(updated, lists);
    FieldSet changed = changed(live, updated, after);
    FieldSet removed = before.difference(after);
    if (changed.isEmpty() && removed.isEmpty()) {
      return managed;
    }
    List<Owner> owners = new ArrayList<>();
    Owner self = null;
    for (Owner owner : Owner.all(managed)) {
      if (owner.is(manager, ManagedFieldsEntry.UPDATE)) {
        self = owner;
      } else {
        owners.add(owner.withFields(owner.fields().difference(changed).withoutUnder(removed)));
      }
    }
    FieldSet mine = self == null ? FieldSet.EMPTY : self.fields();
    owners.add(
        new Owner(
            manager,
            ManagedFieldsEntry.UPDATE,
            apiVersion,
            time,
            null,
            mine.union(changed).withoutUnder(removed)));
    return settle(owners, managed);
  }

  /** The fields {@code document} sets that {@code live} has with the same value. */
  private FieldSet unchanged(JsonNode document, JsonNode live) {
    List<List<String>> unchanged = new ArrayList<>();
    for (List<String> path : FieldSet.of(document, lists).paths()) {
      JsonNode value = Documents.valueAt(live, path, lists);
      boolean item = path.getLast().startsWith("k:") || path.getLast().startsWith("v:");
      if (item ? value != null : same(value, Documents.valueAt(document, path, lists))) {
        unchanged.add(path);
      }
    }
    return FieldSet.of(unchanged);
  }

  /**
   * The fields of {@code applied} whose value {@code result} gives differently from {@code live}: a
   * list map's item counts when it is new, its fields each by their value.
   */
  private FieldSet changed(JsonNode live, JsonNode result, FieldSet fields) {
    List<List<String>> changed = new ArrayList<>();
    for (List<String> path : fields.paths()) {
      JsonNode before = live == null ? null : Documents.valueAt(live, path, lists);
      boolean item = path.getLast().startsWith("k:") || path.getLast().startsWith("v:");
      if (item ? before == null : !same(before, Documents.valueAt(result, path, lists))) {
        changed.add(path);
      }
    }
    return FieldSet.of(changed);
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(NUMBERS_BY_VALUE, b);
  }

  /**
   * The entries to store: none that owns nothing, at most {@value #MAX_UPDATE_ENTRIES} Update
   * entries, in Kubernetes' order; the entries as they were when nothing but times changed, so that
   * a write that changes nothing is no change.
   */
  private List<ManagedFieldsEntry> settle(List<Owner> owners, List<ManagedFieldsEntry> before) {
    List<Owner> kept = new ArrayList<>(owners.stream().filter(o -> !o.fields().isEmpty()).toList());
    List<Owner> updates =
        new ArrayList<>(
            kept.stream()
                .filter(o -> o.operation().equals(ManagedFieldsEntry.UPDATE))
                .sorted(
                    Comparator.comparing(
                        Owner::time, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList());
    while (updates.size() > MAX_UPDATE_ENTRIES) {
      Owner ancient =
          updates.stream()
              .filter(o -> o.manager().equals(ANCIENT_CHANGES))
              .findFirst()
              .orElse(null);
      Owner oldest =
          updates.stream()
              .filter(o -> !o.manager().equals(ANCIENT_CHANGES))
              .findFirst()
              .orElseThrow();
      FieldSet fields = ancient == null ? oldest.fields() : ancient.fields().union(oldest.fields());
      Owner merged =
          new Owner(ANCIENT_CHANGES, ManagedFieldsEntry.UPDATE, apiVersion, null, null, fields);
      updates.remove(oldest);
      kept.remove(oldest);
      if (ancient != null) {
        updates.remove(ancient);
        kept.remove(ancient);
      }
      updates.addFirst(merged);
      kept.add(merged);
    }
    List<ManagedFieldsEntry> entries = kept.stream().sorted(Owner.ORDER).map(Owner::entry).toList();
    return sameButTimes(entries, before) ? before : entries;
  }

  private static boolean sameButTimes(List<ManagedFieldsEntry> a, List<ManagedFieldsEntry> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    List<Owner> left = Owner.all(a);
    List<Owner> right;
    try {
      right = Owner.all(b);
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (int i = 0; i < left.size(); i++) {
      Owner x = left.get(i);
      Owner y = right.get(i);
      if (!x.manager().equals(y.manager())
          || !x.operation().equals(y.operation())
          || !Objects.equals(x.apiVersion(), y.apiVersion())
          || !Objects.equals(x.subresource(), y.subresource())
          || !x.fields().equals(y.fields())) {
        return false;
      }
    }
    return true;
  }
}
