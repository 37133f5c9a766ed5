package io.pipewright.loop.scorecard;

import io.pipewright.loop.scorecard.Criterion.Target;
import java.nio.file.Path;
import java.util.List;

/** The spot share and waste rows, from the cost estimate of the deployment bundle and the server's /metrics. */
class CostCriteria {
    List<Criterion> criteria(Path bundle, ServerMetrics metrics) {
        String why = "no cost estimate in this build";
        return List.of(Criterion.unknown(Target.SPOT, "cost", why), Criterion.unknown(Target.WASTE, "cost", why));
    }
}
