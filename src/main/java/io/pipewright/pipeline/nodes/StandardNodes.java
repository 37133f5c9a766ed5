package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.NodeType;
import java.util.List;

/** Every node type Pipewright has, in the palette's order. */
public final class StandardNodes {
    private StandardNodes() {
    }

    public static List<NodeType> all() {
        return List.of(new ReadNode(), new IngestNode(), new ValidateNode(), new SelectNode(), new FilterNode(), new DeriveNode(), new ImputeNode(), new EncodeNode(), new ScaleNode(),
                new SplitNode(), new TrainNode(), new TuneNode(), new EvaluateNode(), new DriftNode(), new PublishNode(), new FeaturesNode(), new RegisterNode());
    }
}
