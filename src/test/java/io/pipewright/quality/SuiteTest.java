package io.pipewright.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite format: reading, writing, the one-line messages for mistakes, and the JSON Schema kept in step with the records. */
class SuiteTest {

    static final String EXAMPLE = """
            suite: credit
            dataset: credit.csv
            threshold: 0.01
            table:
              rows: {min: 900, max: 1100}
              columns: {exact: [a, b, c]}
              rules:
                - name: end after start
                  expression: "end_date >= start_date"
            columns:
              age:
                type: numeric
                notNull: true
                unique: false
                min: 18
                max: 99
                mean: {min: 38.1, max: 41.3}
                stddev: {min: 10.2, max: 12.9}
              grade:
                allowed: [A, B, C, D]
                regex: "^[A-D]$"
                length: {min: 1, max: 1}
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheDocumentedExample() {
        Suite suite = Suite.parse(EXAMPLE, "suite.yaml");
        assertThat(suite.suite()).isEqualTo("credit");
        assertThat(suite.threshold()).isEqualTo(0.01);
        assertThat(suite.table().rows().min().longValue()).isEqualTo(900);
        assertThat(suite.table().columns().exact()).containsExactly("a", "b", "c");
        assertThat(suite.rules()).extracting(Suite.Rule::expression).containsExactly("end_date >= start_date");
        assertThat(suite.ruleId(0)).isEqualTo("table.rules.end after start");
        assertThat(suite.columns().keySet()).containsExactly("age", "grade");
        assertThat(suite.columns().get("age").mean().max().doubleValue()).isEqualTo(41.3);
        assertThat(suite.columns().get("grade").allowed()).containsExactly("A", "B", "C", "D");
    }

    @Test
    void writesWhatItReads() {
        Suite suite = Suite.parse(EXAMPLE, "suite.yaml");
        Path file = dir.resolve("out.yaml");
        suite.write(file, "made by a test");
        Suite again = Suite.read(file);
        assertThat(again).isEqualTo(suite);
        assertThat(suite.toYaml()).contains("min: 900").doesNotContain("900.0");
    }

    @Test
    void valuesThatLookLikeNumbersOrBooleansStayText() {
        var suite = new Suite("s", null, null, null, Map.of("flag", new Suite.ColumnExpectations(null, null, null, null, null, null, null, null,
                List.of("yes", "no", "1", "null"), null, null)));
        assertThat(Suite.parse(suite.toYaml(), "s.yaml").columns().get("flag").allowed()).containsExactly("yes", "no", "1", "null");
    }

    @Test
    void anUnknownFieldIsNamedWithItsLineAndASuggestion() {
        String text = EXAMPLE.replace("    min: 18", "    mn: 18");
        assertThatThrownBy(() -> Suite.parse(text, "suite.yaml")).isInstanceOf(SuiteException.class)
                .hasMessage("suite.yaml:15: columns.age.mn: unknown field (did you mean 'min'?)");
    }

    @Test
    void aMalformedRegexNamesTheFileLineFieldAndPosition() {
        String text = EXAMPLE.replace("\"^[A-D]$\"", "\"^[A-D$\"");
        assertThatThrownBy(() -> Suite.parse(text, "suite.yaml")).isInstanceOf(SuiteException.class)
                .hasMessage("suite.yaml:21: columns.grade.regex: Unclosed character class at position 6");
    }

    @Test
    void aMalformedExpressionNamesTheFileLineFieldAndPosition() {
        String text = EXAMPLE.replace("end_date >= start_date", "end_date >= ");
        assertThatThrownBy(() -> Suite.parse(text, "suite.yaml")).isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("suite.yaml:9: table.rules[0].expression: ")
                .hasMessageContaining("at position 13");
    }

    @Test
    void malformedYamlGivesItsLine() {
        assertThatThrownBy(() -> Suite.parse("suite: x\ncolumns:\n  age: {min: 1\n", "suite.yaml")).isInstanceOf(SuiteException.class)
                .hasMessage("suite.yaml:3: malformed YAML: while parsing a flow mapping: expected ',' or '}', but got <stream end>");
    }

    @Test
    void aFileThatIsNotThereIsSaidSo() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> Suite.read(missing)).isInstanceOf(SuiteException.class).hasMessage(missing + ": no such file");
    }

    @Test
    void badValuesAreNamedByField() {
        assertThatThrownBy(() -> Suite.parse("columns:\n  age:\n    type: numerc\n", "s.yaml"))
                .hasMessage("s.yaml:3: columns.age.type: must be one of numeric, boolean, datetime, categorical, text, identifier, not 'numerc' (did you mean 'numeric'?)");
        assertThatThrownBy(() -> Suite.parse("threshold: 2\n", "s.yaml")).hasMessage("s.yaml:1: threshold: must be between 0 and 1, not 2");
        assertThatThrownBy(() -> Suite.parse("columns:\n  age:\n    min: 10\n    max: 5\n", "s.yaml")).hasMessage("s.yaml:3: columns.age.min: is greater than max");
    }

    @Test
    void valuesOfTheWrongKindAreNamedPlainly() {
        assertThatThrownBy(() -> Suite.parse("columns:\n  age:\n    notNull: maybe\n", "s.yaml"))
                .hasMessage("s.yaml:3: columns.age.notNull: must be true or false, not 'maybe'");
        assertThatThrownBy(() -> Suite.parse("columns:\n  - age\n", "s.yaml"))
                .hasMessage("s.yaml:2: columns: must be a map of column names to their expectations, not a list");
        assertThatThrownBy(() -> Suite.parse("columns:\n  age:\n    mean: 3\n", "s.yaml"))
                .hasMessage("s.yaml:3: columns.age.mean: must be a range such as {min: 1, max: 2}");
        assertThatThrownBy(() -> Suite.parse("threshold: high\n", "s.yaml")).hasMessage("s.yaml:1: threshold: must be a number, not 'high'");
    }

    // ----------------------------------------------------------------- the schema

    private static JsonNode schema() throws Exception {
        try (InputStream in = Suite.class.getResourceAsStream("suite.schema.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> names(JsonNode properties) {
        var names = new HashSet<String>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> components(Class<?> type) {
        var names = new HashSet<String>();
        for (RecordComponent component : type.getRecordComponents()) {
            names.add(component.getName());
        }
        return names;
    }

    @Test
    void theSchemaHasExactlyTheRecordsFields() throws Exception {
        JsonNode schema = schema();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(names(schema.path("properties"))).isEqualTo(components(Suite.class));
        JsonNode table = schema.path("properties").path("table");
        assertThat(names(table.path("properties"))).isEqualTo(components(Suite.TableExpectations.class));
        assertThat(names(table.path("properties").path("columns").path("properties"))).isEqualTo(components(Suite.ColumnSet.class));
        assertThat(names(table.path("properties").path("rules").path("items").path("properties"))).isEqualTo(components(Suite.Rule.class));
        assertThat(names(schema.path("$defs").path("column").path("properties"))).isEqualTo(components(Suite.ColumnExpectations.class));
        assertThat(names(schema.path("$defs").path("range").path("properties"))).isEqualTo(components(Suite.Range.class));
        assertThat(names(schema.path("$defs").path("wholeRange").path("properties"))).isEqualTo(components(Suite.Range.class));
        var types = new HashSet<String>();
        schema.path("$defs").path("column").path("properties").path("type").path("enum").forEach(node -> types.add(node.asText()));
        assertThat(types).containsExactlyInAnyOrder("numeric", "boolean", "datetime", "categorical", "text", "identifier");
    }

    @Test
    void theDocumentedExampleAndAGeneratedSuiteMeetTheSchema() throws Exception {
        var validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema().toString());
        var yaml = Suite.YAML;
        assertThat(validator.validate(yaml.readTree(EXAMPLE))).isEmpty();
        assertThat(validator.validate(yaml.readTree(EXAMPLE.replace("    min: 18", "    mn: 18")))).isNotEmpty();
        Path credit = Path.of("sample-data/credit/credit.suite.yaml");
        if (Files.exists(credit)) {
            assertThat(validator.validate(yaml.readTree(Files.readString(credit)))).isEmpty();
        }
    }
}
