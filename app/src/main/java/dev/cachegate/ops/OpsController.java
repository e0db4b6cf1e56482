package dev.cachegate.ops;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** {@code /whoami} and {@code /stats}: which instance answers, and which served the cluster's last requests. */
@Controller
@Tag(name = "ops")
record OpsController(InstanceId instanceId, RecentRequests recentRequests) {

    @Get("/whoami")
    @Operation(summary = "The instance that answered")
    WhoAmI whoami() {
        return new WhoAmI(instanceId.value());
    }

    @Get("/stats")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "The last requests served by any instance, newest first")
    Stats stats() {
        return new Stats(recentRequests.recent());
    }

    /** @param instanceId the answering instance */
    @Serdeable
    record WhoAmI(String instanceId) {
    }

    /** @param recent newest first */
    @Serdeable
    record Stats(List<RecentRequest> recent) {
    }
}
