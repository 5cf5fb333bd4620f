package io.ubernetes.federation.resource.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fields a document sets, in Kubernetes' FieldsV1 form, and how paths are printed. */
class FieldSetTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ListMaps LISTS =
      new ListMaps(
          Map.of(
              "spec.taints", List.of("key", "effect"),
              "spec.ports", List.of("port", "protocol")));

  private static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static List<Arguments> documents() {
    return List.of(
        Arguments.of(
            Named.of(
                "scalars and nested maps are fields, maps are not",
                "{'spec':{'replicas':3,'placement':{'weight':1}}}"),
            "{'f:spec':{'f:placement':{'f:weight':{}},'f:replicas':{}}}"),
        Arguments.of(Named.of("an empty map sets nothing", "{'spec':{'placement':{}}}"), "{}"),
        Arguments.of(
            Named.of("null is a value like any other", "{'spec':{'x':null}}"),
            "{'f:spec':{'f:x':{}}}"),
        Arguments.of(
            Named.of("an atomic list is one field", "{'spec':{'tiers':['a','b']}}"),
            "{'f:spec':{'f:tiers':{}}}"),
        Arguments.of(
            Named.of(
                "a list map's items are fields, keyed, with their own fields",
                "{'spec':{'taints':[{'key':'gpu','effect':'NoSchedule','value':'x'}]}}"),
            "{'f:spec':{'f:taints':{'k:{\\'effect\\':\\'NoSchedule\\',\\'key\\':\\'gpu\\'}':{'.':{},'f:effect':{},'f:key':{},'f:value':{}}}}}"),
        Arguments.of(
            Named.of(
                "labels and annotations are fields each",
                "{'metadata':{'labels':{'app':'web'},'annotations':{'a':'b'}}}"),
            "{'f:metadata':{'f:annotations':{'f:a':{}},'f:labels':{'f:app':{}}}}"));
  }

  @ParameterizedTest
  @MethodSource("documents")
  void aDocumentsFieldsInFieldsV1Form(String document, String fieldsV1) {
    FieldSet fields = FieldSet.of(json(document), LISTS);

    assertThat(fields.toFieldsV1()).isEqualTo(json(fieldsV1));
    assertThat(FieldSet.fromFieldsV1(fields.toFieldsV1())).isEqualTo(fields);
  }

  @Test
  void elementsAreOrderedFieldsThenKeysThenValuesThenIndexes() {
    FieldSet fields =
        FieldSet.fromFieldsV1(
            json("{'i:10':{},'v:\\'x\\'':{},'i:2':{},'k:{\\'a\\':1}':{},'f:z':{},'f:a':{}}"));

    assertThat(fields.toFieldsV1().propertyNames())
        .containsExactly("f:a", "f:z", "k:{\"a\":1}", "v:\"x\"", "i:2", "i:10");
  }

  @Test
  void pathsArePrintedAsKubernetesPrintsThem() {
    assertThat(FieldSet.render(List.of("f:spec", "f:replicas"))).isEqualTo(".spec.replicas");
    assertThat(
            FieldSet.render(
                List.of(
                    "f:spec",
                    "f:taints",
                    "k:{\"effect\":\"NoSchedule\",\"key\":\"gpu\"}",
                    "f:value")))
        .isEqualTo(".spec.taints[effect=\"NoSchedule\",key=\"gpu\"].value");
    assertThat(FieldSet.render(List.of("f:metadata", "f:finalizers", "v:\"x\"")))
        .isEqualTo(".metadata.finalizers[=\"x\"]");
    assertThat(FieldSet.render(List.of("i:0"))).isEqualTo("[0]");
  }

  @Test
  void whatIsNotFieldsV1IsRefused() {
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'spec':{}}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'f:spec':3}")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
