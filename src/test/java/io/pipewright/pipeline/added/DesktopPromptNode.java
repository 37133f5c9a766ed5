package io.pipewright.pipeline.added;

import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.pipeline.nodes.BaseNode;
import java.util.List;
import java.util.Map;

/**
 * A node type added in the tests only that needs the person at this machine (it would ask them to
 * confirm the table before it goes on), so it says it cannot run on a cluster, and why.
 */
public final class DesktopPromptNode extends BaseNode {
    public DesktopPromptNode() {
        super("desktop_prompt", "Quality", "Asks the person at the desktop to confirm the table before the run goes on.",
                List.of(PortSpec.required("table", PortType.TABLE, "the table to confirm")),
                List.of(PortSpec.required("table", PortType.TABLE, "the same table, once confirmed")),
                List.of(ParamSpec.optional("question", ParamSpec.Kind.STRING, "Go on?", "what to ask")));
    }

    @Override
    public boolean runsOnCluster() {
        return false;
    }

    @Override
    public String notOnClusterReason() {
        return "it waits for a person at this machine to confirm the table, and a pod has nobody to ask";
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        return Map.of("table", context.input("table"));
    }
}
