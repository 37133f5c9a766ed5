package io.pipewright.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.Python3;
import io.pipewright.data.DatabaseCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Feast repository written from feature views: its Python compiles, imported against stand-ins for Feast's classes
 * it defines exactly our entities and views (keys and their types, schema, ttl, source and event-time field), and each
 * view's Parquet file holds its rows as DuckDB reads them, the event time a timestamp.
 */
class FeastExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("sample-data", "features", "customer_activity.yaml");

    @TempDir
    Path dir;

    @Test
    void theRepositoryDefinesOurViewsAndItsFilesHoldTheirRows() throws Exception {
        Files.writeString(dir.resolve("stores.csv"), """
                region,store,day,visits,open,opened_at
                north,1,2026-03-01T00:00:00,120,true,2020-01-01T08:00:00
                north,1,2026-03-02T00:00:00,95,true,2020-01-01T08:00:00
                south,7,2026-03-01T00:00:00,,false,2021-06-15T09:30:00
                """);
        Path stores = Files.writeString(dir.resolve("stores.yaml"), """
                name: store_traffic
                entities: [region, store]
                timestamp: day
                source: stores.csv
                features:
                  - visits
                  - open
                  - opened_at
                  - busy: visits > 100
                """);
        var views = List.of(FeatureView.read(SAMPLE.toAbsolutePath()), FeatureView.read(stores));
        Path out = dir.resolve("feast");
        var written = FeastExport.write(views, "retail", out, dir.resolve("data"), DatabaseCredentials.ofProcess());
        assertThat(written.files()).containsExactly(out.resolve("feature_store.yaml"), out.resolve("features.py"),
                out.resolve("data/customer_activity.parquet"), out.resolve("data/store_traffic.parquet"));
        assertThat(written.rows()).containsEntry("customer_activity", 7200L).containsEntry("store_traffic", 3L);
        assertThat(Files.readString(out.resolve("feature_store.yaml"))).contains("project: retail\n").contains("provider: local\n");

        Python3.Result compiled = Python3.run(out, "-m", "py_compile", "features.py");
        assertThat(compiled.exit()).as(compiled.output()).isZero();

        JsonNode defined = definitions(out);
        var entities = new ArrayList<String>();
        defined.path("entities").forEach(entity -> entities.add(entity.path("name").asText() + ":" + entity.path("join_keys").get(0).asText() + ":"
                + entity.path("value_type").asText()));
        assertThat(entities).containsExactly("customer_id:customer_id:INT64", "region:region:STRING", "store:store:INT64");

        JsonNode activity = defined.path("views").get(0);
        assertThat(activity.path("name").asText()).isEqualTo("customer_activity");
        assertThat(activity.path("entities").toString()).isEqualTo("[\"customer_id\"]");
        assertThat(activity.path("ttl_seconds").asLong()).isEqualTo(30L * 86400);
        assertThat(activity.path("source_path").asText()).isEqualTo("data/customer_activity.parquet");
        assertThat(activity.path("timestamp_field").asText()).isEqualTo("event_time");
        assertThat(activity.path("schema").toString()).isEqualTo("[[\"orders_30d\",\"Float64\"],[\"spend_30d\",\"Float64\"],"
                + "[\"support_tickets\",\"Float64\"],[\"plan\",\"String\"],[\"spend_per_order\",\"Float64\"]]");
        assertThat(activity.path("description").asText()).isEqualTo(views.get(0).description());

        JsonNode traffic = defined.path("views").get(1);
        assertThat(traffic.path("entities").toString()).isEqualTo("[\"region\",\"store\"]");
        assertThat(traffic.path("ttl_seconds").isNull()).as("a view without a ttl keeps its values for ever").isTrue();
        assertThat(traffic.path("schema").toString()).isEqualTo("[[\"visits\",\"Float64\"],[\"open\",\"Bool\"],[\"opened_at\",\"UnixTimestamp\"],"
                + "[\"busy\",\"Bool\"]]");

        try (var connection = DriverManager.getConnection("jdbc:duckdb:"); var statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT count(*), min(typeof(event_time)), count(DISTINCT customer_id) FROM read_parquet('"
                    + out.resolve("data/customer_activity.parquet") + "')");
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(7200);
            assertThat(rows.getString(2)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(rows.getLong(3)).isEqualTo(300);
            var store = statement.executeQuery("SELECT region, store, typeof(store), visits, open, busy, epoch_ms(opened_at) FROM read_parquet('"
                    + out.resolve("data/store_traffic.parquet") + "') ORDER BY region, day");
            var seen = new ArrayList<String>();
            while (store.next()) {
                seen.add(store.getString(1) + "," + store.getLong(2) + "," + store.getString(3) + "," + store.getObject(4) + "," + store.getBoolean(5)
                        + "," + store.getObject(6) + "," + store.getLong(7));
            }
            assertThat(seen).containsExactly("north,1,BIGINT,120.0,true,true,1577865600000", "north,1,BIGINT,95.0,true,false,1577865600000",
                    "south,7,BIGINT,null,false,null,1623749400000");
        }
    }

    @Test
    void aProjectNameFeastRefusesAndAKeyWithTwoTypesAreNamed() throws Exception {
        var views = List.of(FeatureView.read(SAMPLE.toAbsolutePath()));
        assertThatThrownBy(() -> FeastExport.write(views, "Retail-1", dir.resolve("feast"), dir, DatabaseCredentials.ofProcess()))
                .isInstanceOf(FeatureException.class)
                .hasMessage("--project Retail-1: lower-case letters, digits and _, starting with a letter (Feast's rule)");
        Files.writeString(dir.resolve("other.csv"), "customer_id,event_time,score\nC-1,2026-01-01,3\n");
        Path other = Files.writeString(dir.resolve("other.yaml"), "name: other\nentities: customer_id\ntimestamp: event_time\nsource: other.csv\n"
                + "features: [score]\n");
        assertThatThrownBy(() -> FeastExport.write(List.of(views.get(0), FeatureView.read(other)), "retail", dir.resolve("feast"), dir,
                DatabaseCredentials.ofProcess()))
                .isInstanceOf(FeatureException.class)
                .hasMessage("view other: key customer_id reads as string here and as int64 in another view; Feast's entity has one type");
    }

    /** Imports features.py against stand-ins for Feast's classes that record what it defines, as JSON. */
    private JsonNode definitions(Path repository) throws Exception {
        Path stubs = Files.createDirectories(dir.resolve("stubs").resolve("feast"));
        Files.writeString(stubs.resolve("__init__.py"), """
                entities = []
                views = []

                class ValueType:
                    INT64 = "INT64"
                    STRING = "STRING"

                class Entity:
                    def __init__(self, name, join_keys, value_type):
                        self.name = name
                        entities.append({"name": name, "join_keys": join_keys, "value_type": value_type})

                class FileSource:
                    def __init__(self, name, path, timestamp_field):
                        self.name, self.path, self.timestamp_field = name, path, timestamp_field

                class Field:
                    def __init__(self, name, dtype):
                        self.name, self.dtype = name, dtype

                class FeatureView:
                    def __init__(self, name, entities, schema, source, ttl=None, online=True, description=None, tags=None):
                        views.append({"name": name, "entities": [entity.name for entity in entities],
                                      "ttl_seconds": None if ttl is None else int(ttl.total_seconds()),
                                      "schema": [[field.name, field.dtype] for field in schema], "source_path": source.path,
                                      "timestamp_field": source.timestamp_field, "online": online, "description": description})
                """);
        Files.writeString(stubs.resolve("types.py"), "Bool = 'Bool'\nFloat64 = 'Float64'\nString = 'String'\nUnixTimestamp = 'UnixTimestamp'\n");
        Path script = Files.writeString(dir.resolve("definitions.py"), """
                import json, sys
                sys.path.insert(0, sys.argv[1])
                sys.path.insert(0, sys.argv[2])
                import feast
                import features
                print(json.dumps({"entities": feast.entities, "views": feast.views}))
                """);
        Python3.Result result = Python3.run(dir, script.toString(), dir.resolve("stubs").toString(), repository.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        return JSON.readTree(result.output());
    }
}
