package io.ubernetes.federation.resource.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Server-side apply's ownership of fields: sharing, conflicts, force, removal, updates. */
class FieldManagerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String V1 = "ubernetes.io/v1";
  private static final FieldManager FIELDS =
      new FieldManager(new ListMaps(Map.of("spec.taints", List.of("key", "effect"))), V1);

  private static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static FieldManager.Applied apply(
      FieldManager.Applied live, String config, String manager, boolean force) {
    return FIELDS.apply(
        live == null ? null : live.object(),
        json(config),
        live == null ? List.of() : live.managedFields(),
        manager,
        force,
        "2026-12-06T10:00:00Z");
  }

  private static Map<String, JsonNode> owned(FieldManager.Applied applied) {
    Map<String, JsonNode> owned = new java.util.TreeMap<>();
    for (ManagedFieldsEntry entry : applied.managedFields()) {
      owned.put(entry.manager() + "/" + entry.operation(), entry.fieldsV1());
    }
    return owned;
  }

  @Test
  void applyingCreatesTheObjectAndTheApplierOwnsWhatItApplied() {
    FieldManager.Applied created =
        apply(null, "{'spec':{'replicas':3,'tier':'gold'}}", "flux", false);

    assertThat(created.object()).isEqualTo(json("{'spec':{'replicas':3,'tier':'gold'}}"));
    assertThat(created.managedFields())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.manager()).isEqualTo("flux");
              assertThat(entry.operation()).isEqualTo("Apply");
              assertThat(entry.apiVersion()).isEqualTo(V1);
              assertThat(entry.fieldsType()).isEqualTo("FieldsV1");
              assertThat(entry.fieldsV1())
                  .isEqualTo(json("{'f:spec':{'f:replicas':{},'f:tier':{}}}"));
            });
  }

  @Test
  void twoAppliersOfTheSameValueShareTheFieldWithoutConflict() {
    FieldManager.Applied first = apply(null, "{'spec':{'replicas':3}}", "flux", false);

    FieldManager.Applied second = apply(first, "{'spec':{'replicas':3}}", "argo", false);

    assertThat(owned(second)).containsOnlyKeys("flux/Apply", "argo/Apply");
  }

  @Test
  void applyingAnotherValueToAFieldAnotherManagerOwnsConflicts() {
    FieldManager.Applied first =
        apply(null, "{'spec':{'replicas':3,'tier':'gold'}}", "flux", false);

    assertThatThrownBy(
            () -> apply(first, "{'spec':{'replicas':5,'tier':'gold'}}", "kubectl", false))
        .isInstanceOfSatisfying(
            ApplyConflicts.class,
            conflicts -> {
              assertThat(conflicts.getMessage())
                  .isEqualTo(
                      "Apply failed with 1 conflict: conflict with \"flux\": .spec.replicas");
              assertThat(conflicts.conflicts())
                  .containsExactly(new ApplyConflicts.Conflict("\"flux\"", ".spec.replicas"));
            });
  }

  @Test
  void severalConflictsAreListedUnderEachManager() {
    FieldManager.Applied first = apply(null, "{'spec':{'a':1,'b':1}}", "flux", false);
    List<ManagedFieldsEntry> edited =
        FIELDS.update(
            first.object(),
            json("{'spec':{'a':1,'b':1,'c':1}}"),
            first.managedFields(),
            "kubectl-edit",
            "2026-12-06T10:01:00Z");
    FieldManager.Applied live =
        new FieldManager.Applied(json("{'spec':{'a':1,'b':1,'c':1}}"), edited);

    assertThatThrownBy(() -> apply(live, "{'spec':{'a':2,'b':2,'c':2}}", "me", false))
        .hasMessage(
            "Apply failed with 3 conflicts: conflicts with \"flux\":\n- .spec.a\n- .spec.b\n"
                + "conflicts with \"kubectl-edit\" using ubernetes.io/v1:\n- .spec.c");
  }

  @Test
  void forcingTakesTheFieldFromItsOwner() {
    FieldManager.Applied first =
        apply(null, "{'spec':{'replicas':3,'tier':'gold'}}", "flux", false);

    FieldManager.Applied forced = apply(first, "{'spec':{'replicas':5}}", "kubectl", true);

    assertThat(forced.object()).isEqualTo(json("{'spec':{'replicas':5,'tier':'gold'}}"));
    assertThat(owned(forced))
        .containsEntry("flux/Apply", json("{'f:spec':{'f:tier':{}}}"))
        .containsEntry("kubectl/Apply", json("{'f:spec':{'f:replicas':{}}}"));
  }

  @Test
  void aFieldTheApplierStopsApplyingIsRemoved() {
    FieldManager.Applied first =
        apply(null, "{'spec':{'replicas':3,'tier':'gold'}}", "flux", false);

    FieldManager.Applied second = apply(first, "{'spec':{'replicas':3}}", "flux", false);

    assertThat(second.object()).isEqualTo(json("{'spec':{'replicas':3}}"));
    assertThat(owned(second)).containsEntry("flux/Apply", json("{'f:spec':{'f:replicas':{}}}"));
  }

  @Test
  void aFieldAnotherManagerAlsoOwnsStaysWhenOneStopsApplyingIt() {
    FieldManager.Applied first =
        apply(null, "{'spec':{'replicas':3,'tier':'gold'}}", "flux", false);
    FieldManager.Applied shared = apply(first, "{'spec':{'tier':'gold'}}", "argo", false);

    FieldManager.Applied second = apply(shared, "{'spec':{'replicas':3}}", "flux", false);

    assertThat(second.object()).isEqualTo(json("{'spec':{'replicas':3,'tier':'gold'}}"));
  }

  @Test
  void listMapsMergeItemByItemAndEachApplierKeepsItsItems() {
    FieldManager.Applied first =
        apply(null, "{'spec':{'taints':[{'key':'gpu','effect':'NoSchedule'}]}}", "ops", false);

    FieldManager.Applied second =
        apply(
            first,
            "{'spec':{'taints':[{'key':'ssd','effect':'NoSchedule','value':'y'}]}}",
            "team",
            false);
    FieldManager.Applied third = apply(second, "{'spec':{}}", "team", false);

    assertThat(second.object().at("/spec/taints")).hasSize(2);
    assertThat(third.object())
        .isEqualTo(json("{'spec':{'taints':[{'key':'gpu','effect':'NoSchedule'}]}}"));
  }

  @Test
  void changingAListMapItemsFieldConflictsOnThatFieldOnly() {
    FieldManager.Applied first =
        apply(
            null,
            "{'spec':{'taints':[{'key':'gpu','effect':'NoSchedule','value':'a'}]}}",
            "ops",
            false);

    assertThatThrownBy(
            () ->
                apply(
                    first,
                    "{'spec':{'taints':[{'key':'gpu','effect':'NoSchedule','value':'b'}]}}",
                    "team",
                    false))
        .hasMessageEndingWith(": .spec.taints[effect=\"NoSchedule\",key=\"gpu\"].value");
  }

  @Test
  void anAtomicListIsReplacedAsAWhole() {
    FieldManager.Applied first = apply(null, "{'spec':{'tiers':['a','b']}}", "flux", false);

    FieldManager.Applied second = apply(first, "{'spec':{'tiers':['c']}}", "flux", false);

    assertThat(second.object()).isEqualTo(json("{'spec':{'tiers':['c']}}"));
  }

  @Test
  void anUpdateTakesTheFieldsItChangesAndTheApplierThenConflictsWithIt() {
    FieldManager.Applied first =
        apply(null, "{'spec':{'replicas':3,'tier':'gold'}}", "flux", false);
    JsonNode edited = json("{'spec':{'replicas':7,'tier':'gold'}}");

    List<ManagedFieldsEntry> managed =
        FIELDS.update(
            first.object(), edited, first.managedFields(), "kubectl-edit", "2026-12-06T10:01:00Z");

    assertThat(owned(new FieldManager.Applied(edited, managed)))
        .containsEntry("flux/Apply", json("{'f:spec':{'f:tier':{}}}"))
        .containsEntry("kubectl-edit/Update", json("{'f:spec':{'f:replicas':{}}}"));
    assertThatThrownBy(
            () ->
                apply(
                    new FieldManager.Applied(edited, managed),
                    "{'spec':{'replicas':3,'tier':'gold'}}",
                    "flux",
                    false))
        .hasMessage(
            "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using ubernetes.io/v1: .spec.replicas");
  }

  @Test
  void theFirstApplyToAnObjectNobodyOwnsConflictsWithWhatWasThereBefore() {
    JsonNode live = json("{'spec':{'replicas':3}}");

    assertThatThrownBy(
            () -> FIELDS.apply(live, json("{'spec':{'replicas':4}}"), List.of(), "me", false, "t"))
        .hasMessageContaining("\"before-first-apply\" using ubernetes.io/v1");
  }

  @Test
  void anUpdateThatChangesNothingLeavesTheEntriesAsTheyAre() {
    FieldManager.Applied first = apply(null, "{'spec':{'replicas':3}}", "flux", false);

    List<ManagedFieldsEntry> managed =
        FIELDS.update(first.object(), first.object(), first.managedFields(), "other", "later");

    assertThat(managed).isSameAs(first.managedFields());
  }

  @Test
  void applyingTheSameConfigAgainChangesNoEntryNotEvenItsTime() {
    FieldManager.Applied first = apply(null, "{'spec':{'replicas':3}}", "flux", false);

    FieldManager.Applied again =
        FIELDS.apply(
            first.object(),
            json("{'spec':{'replicas':3}}"),
            first.managedFields(),
            "flux",
            false,
            "2027-01-01T00:00:00Z");

    assertThat(again.managedFields()).isSameAs(first.managedFields());
    assertThat(again.object()).isEqualTo(first.object());
  }

  @Test
  void atMostTenUpdateEntriesAreKeptTheOldestMergedIntoAncientChanges() {
    JsonNode live = json("{'spec':{}}");
    List<ManagedFieldsEntry> managed = List.of();
    for (int i = 0; i < 12; i++) {
      JsonNode next = live.deepCopy();
      ((tools.jackson.databind.node.ObjectNode) next.get("spec")).put("f" + i, i);
      managed = FIELDS.update(live, next, managed, "m" + i, "2026-12-06T10:%02d:00Z".formatted(i));
      live = next;
    }

    List<String> managers =
        new ArrayList<>(managed.stream().map(ManagedFieldsEntry::manager).toList());
    assertThat(managers)
        .hasSize(10)
        .contains("ancient-changes", "m11")
        .doesNotContain("m0", "m1", "m2");
    assertThat(
            managed.stream()
                .filter(e -> e.manager().equals("ancient-changes"))
                .findFirst()
                .orElseThrow()
                .fieldsV1())
        .isEqualTo(json("{'f:spec':{'f:f0':{},'f:f1':{},'f:f2':{}}}"));
  }

  @Test
  void sentManagedFieldsReplaceTheLiveOnesAnEmptyListResetsThemAndUnreadableOnesAreIgnored() {
    List<ManagedFieldsEntry> live =
        apply(null, "{'spec':{'replicas':3}}", "flux", false).managedFields();
    ManagedFieldsEntry empty = new ManagedFieldsEntry(null, null, null, null, null, null, null);
    ManagedFieldsEntry unreadable =
        new ManagedFieldsEntry("x", "Delete", V1, null, "FieldsV1", json("{}"), null);
    ManagedFieldsEntry other =
        new ManagedFieldsEntry(
            "kustomize-controller",
            "Apply",
            V1,
            null,
            "FieldsV1",
            json("{'f:spec':{'f:replicas':{}}}"),
            null);

    assertThat(FieldManager.liveOrSent(live, null)).isSameAs(live);
    assertThat(FieldManager.liveOrSent(live, List.of())).isEmpty();
    assertThat(FieldManager.liveOrSent(live, List.of(empty))).isEmpty();
    assertThat(FieldManager.liveOrSent(live, List.of(unreadable))).isSameAs(live);
    assertThat(FieldManager.liveOrSent(live, List.of(other))).containsExactly(other);
  }

  @Test
  void anItemWithoutADefaultedKeyIsTheItemWithTheDefaultForMergeOwnershipAndRemoval() {
    FieldManager ports =
        new FieldManager(
            new ListMaps(
                Map.of("spec.ports", List.of("port", "protocol")),
                Map.of("spec.ports", Map.of("protocol", "TCP"))),
            V1);
    JsonNode stored = json("{'spec':{'ports':[{'port':80,'protocol':'TCP','name':'http'}]}}");
    String time = "2026-12-06T10:00:00Z";

    FieldManager.Applied flux =
        ports.apply(
            stored, json("{'spec':{'ports':[{'port':80}]}}"), List.of(), "flux", false, time);
    FieldManager.Applied kubectl =
        ports.apply(
            flux.object(),
            json("{'spec':{'ports':[{'port':80,'protocol':'TCP'}]}}"),
            flux.managedFields(),
            "kubectl",
            false,
            time);
    FieldManager.Applied fluxLeaves =
        ports.apply(
            kubectl.object(),
            json("{'spec':{'ports':[]}}"),
            kubectl.managedFields(),
            "flux",
            false,
            time);

    assertThat(flux.object().at("/spec/ports")).hasSize(1);
    assertThat(owned(flux).get("flux/Apply"))
        .isEqualTo(
            json(
                "{'f:spec':{'f:ports':{'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{}}}}}"));
    assertThat(kubectl.object().at("/spec/ports")).hasSize(1);
    assertThat(fluxLeaves.object().at("/spec/ports/0/port").asInt())
        .as("kubectl still applies the port")
        .isEqualTo(80);
  }

  @Test
  void fieldsTheLastAppliedConfigurationSetsToTheirLiveValuesAreNoConflictButOthersStillAre() {
    JsonNode live = json("{'spec':{'replicas':2,'tier':'gold'}}");
    List<ManagedFieldsEntry> clientSide =
        FIELDS.update(null, live, List.of(), "kubectl-client-side-apply", "2026-12-06T10:00:00Z");
    JsonNode lastApplied = json("{'spec':{'replicas':2,'tier':'silver'}}");

    FieldManager.Applied taken =
        FIELDS.apply(
            live,
            json("{'spec':{'replicas':3}}"),
            clientSide,
            "kubectl",
            false,
            "2026-12-06T10:01:00Z",
            lastApplied);

    assertThat(taken.object()).isEqualTo(json("{'spec':{'replicas':3,'tier':'gold'}}"));
    assertThat(owned(taken).get("kubectl/Apply")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
    assertThatThrownBy(
            () ->
                FIELDS.apply(
                    live,
                    json("{'spec':{'tier':'bronze'}}"),
                    clientSide,
                    "kubectl",
                    false,
                    "2026-12-06T10:01:00Z",
                    lastApplied))
        .isInstanceOf(ApplyConflicts.class)
        .hasMessageContaining(".spec.tier");
  }
}
