package io.pipewright.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.pipeline.ParamException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest node's {@code into} reads as {@code pipewright ingest cdc --into} does: bronze/NAME or NAME, never another layer. */
class IngestNodeTest {
    private static Map<String, Object> params(String into) {
        return Map.of("source", "jdbc:postgresql://db.example.com/shop", "table", "orders", "into", into);
    }

    @Test
    void intoTakesTheBronzeLogOrItsBareNameAndRefusesAnotherLayerSayingWhatToWrite() {
        var node = new IngestNode();
        node.checkParams(params("bronze/orders"));
        node.checkParams(params("orders"));
        assertThatThrownBy(() -> node.checkParams(params("silver/orders"))).isInstanceOfSatisfying(ParamException.class,
                e -> assertThat(e.param()).isEqualTo("into")).hasMessage("silver/orders: change events land in the bronze layer; write bronze/orders "
                        + "(the current rows then go to silver/orders)");
        assertThatThrownBy(() -> node.checkParams(params("bronze/Orders"))).isInstanceOf(ParamException.class).hasMessageStartingWith("Orders: not a dataset name");
    }
}
