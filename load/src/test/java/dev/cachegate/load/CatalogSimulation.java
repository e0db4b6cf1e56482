package dev.cachegate.load;

import dev.cachegate.catalogdata.PopularityModel;
import io.gatling.javaapi.core.Simulation;

/**
 * Catalog reads with the catalog's real popularity: 99% of requests on the top 50,000 products
 * ({@link PopularityModel#standard}), at a constant arrival rate, through the CDN tier, after a warm-up that ramps to
 * that rate (JIT, connection pools and caches are cold at first). The verdict, on the measured requests only, is the
 * catalog's SLO: P99 under 50 ms, and (practically) no errors.
 */
public class CatalogSimulation extends Simulation {

    private final CatalogLoad load = new CatalogLoad();

    {
        setUp(load.warmUp().andThen(load.browse()))
                .protocols(CatalogLoad.protocol())
                .assertions(CatalogLoad.slo());
    }
}
