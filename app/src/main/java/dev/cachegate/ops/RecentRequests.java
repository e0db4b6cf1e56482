package dev.cachegate.ops;

import java.util.List;

/** The last few requests served by any instance of the cluster, newest first. */
public interface RecentRequests {

    /**
     * Records a served request without delaying its response; a failure to record is logged and counted, never
     * surfaced to the request.
     *
     * @param request the request
     */
    void record(RecentRequest request);

    /**
     * @return the most recent requests, newest first
     * @throws dev.cachegate.problem.DependencyUnavailableException when the shared store cannot be read
     */
    List<RecentRequest> recent();
}
