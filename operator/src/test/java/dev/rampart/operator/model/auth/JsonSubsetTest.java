package dev.rampart.operator.model.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonSubsetTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void keycloaksExtraFieldsAndStringlyValuesStillMatch() throws Exception {
    JsonNode actual =
        json("{'bruteForceProtected': 'true', 'failureFactor': 5, 'defaultLocale': 'en'}");
    assertThat(JsonSubset.contains(actual, json("{'bruteForceProtected': true}"))).isTrue();
    assertThat(JsonSubset.contains(actual, json("{'failureFactor': '5'}"))).isTrue();
  }

  @Test
  void aChangedOrMissingFieldDoesNotMatchAndIsNamed() throws Exception {
    JsonNode actual = json("{'bruteForceProtected': false, 'accessTokenLifespan': 3600}");
    JsonNode wanted =
        json(
            "{'bruteForceProtected': true, 'accessTokenLifespan': 3600, 'revokeRefreshToken': true}");
    assertThat(JsonSubset.contains(actual, wanted)).isFalse();
    assertThat(JsonSubset.differingFields(actual, wanted))
        .containsExactly("bruteForceProtected", "revokeRefreshToken");
  }

  @Test
  void listsOfStringsAreSetsAndListsOfObjectsAreOrdered() throws Exception {
    assertThat(
            JsonSubset.contains(
                json("{'uris': ['https://b', 'https://a']}"),
                json("{'uris': ['https://a', 'https://b']}")))
        .isTrue();
    assertThat(
            JsonSubset.contains(
                json("{'uris': ['https://a', 'https://*']}"), json("{'uris': ['https://a']}")))
        .isFalse();
    JsonNode executors = json("{'e': [{'executor': 'b'}, {'executor': 'a', 'x': 1}]}");
    assertThat(
            JsonSubset.contains(executors, json("{'e': [{'executor': 'b'}, {'executor': 'a'}]}")))
        .isTrue();
    assertThat(
            JsonSubset.contains(executors, json("{'e': [{'executor': 'a'}, {'executor': 'b'}]}")))
        .isFalse();
  }

  @Test
  void aScalarNeverMatchesAContainerOrNothing() throws Exception {
    assertThat(JsonSubset.contains(json("{'a': {'b': 1}}"), json("{'a': '1'}"))).isFalse();
    assertThat(JsonSubset.contains(json("{}"), json("{'a': ''}"))).isFalse();
  }
}
