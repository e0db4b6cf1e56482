package dev.cachegate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.http.annotation.Controller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the README's package table, enforced on the production classes, bottom to top:
 * <ol>
 *   <li>support: {@code config}, {@code web}, {@code problem}, {@code schedule}, {@code launch} and the
 *   {@code embedded} module (which depends on no application class);</li>
 *   <li>stores and routing: {@code redis}, {@code routing}, {@code resilience}, {@code catalogdata};</li>
 *   <li>core: {@code cache}, {@code idempotency}, {@code auth};</li>
 *   <li>{@code ops} (instance id, request metrics, {@code /stats}), which features may use;</li>
 *   <li>features, none using another: {@code catalog}, {@code payments}, {@code session}, {@code ratelimit};</li>
 *   <li>{@code admin}, the operator's controls over features;</li>
 *   <li>app: the root package ({@code Application}, {@code TimeFactory}), {@code production}.</li>
 * </ol>
 * A layer may use its own and lower layers only, and no two top-level packages use each other.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.cachegate";
    private static final String INTERNAL = ".internal";

    private static final String[] FEATURE_MAY_USE = {"Support", "Stores", "Core", "Ops"};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noLayerUsesAHigherOne() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Support").definedBy(ROOT + ".config..", ROOT + ".web..", ROOT + ".metrics..",
                        ROOT + ".problem..", ROOT + ".schedule..", ROOT + ".launch..", ROOT + ".embedded..")
                .layer("Stores").definedBy(ROOT + ".redis..", ROOT + ".routing..", ROOT + ".resilience..",
                        ROOT + ".catalogdata..")
                .layer("Core").definedBy(ROOT + ".cache..", ROOT + ".idempotency..", ROOT + ".auth..")
                .layer("Ops").definedBy(ROOT + ".ops..")
                .layer("Catalog").definedBy(ROOT + ".catalog..")
                .layer("Payments").definedBy(ROOT + ".payments..")
                .layer("Session").definedBy(ROOT + ".session..")
                .layer("RateLimit").definedBy(ROOT + ".ratelimit..")
                .layer("Admin").definedBy(ROOT + ".admin..")
                .layer("App").definedBy(ROOT, ROOT + ".production..")
                .whereLayer("Support").mayOnlyAccessLayers("Support")
                .whereLayer("Stores").mayOnlyAccessLayers("Support", "Stores")
                .whereLayer("Core").mayOnlyAccessLayers("Support", "Stores", "Core")
                .whereLayer("Ops").mayOnlyAccessLayers("Support", "Stores", "Core", "Ops")
                .whereLayer("Catalog").mayOnlyAccessLayers(FEATURE_MAY_USE)
                .whereLayer("Payments").mayOnlyAccessLayers(FEATURE_MAY_USE)
                .whereLayer("Session").mayOnlyAccessLayers(FEATURE_MAY_USE)
                .whereLayer("RateLimit").mayOnlyAccessLayers(FEATURE_MAY_USE)
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .ensureAllClassesAreContainedInArchitecture()
                .because("dependencies run HTTP -> feature -> cache/routing -> stores, never back up (README, "
                        + "package table)");
        rule.check(classes);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
                .because("two packages that need each other are one package, or a layer was skipped")
                .check(classes);
    }

    @Test
    void internalTypesStayInsideTheirFeature() {
        classes().that().resideInAPackage("..internal..").should(onlyBeUsedInsideTheirFeature())
                .because("internal/ holds a feature's implementations behind its public role interfaces")
                .check(classes);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(Controller.class).should().bePackagePrivate()
                .because("a controller is an HTTP entry point, never an API for other packages")
                .check(classes);
    }

    @Test
    void theCacheDoesNotDependOnTheCatalog() {
        noClasses().that().resideInAPackage(ROOT + ".cache..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".catalog..")
                .because("the tiered cache is generic: the catalog uses it, not the reverse")
                .check(classes);
    }

    @Test
    void theCacheDoesNotNameProducts() {
        noClasses().that().resideInAPackage(ROOT + ".cache..")
                .should().haveSimpleNameContaining("Product")
                .orShould().beAnnotatedWith(DescribedPredicate.describe(
                        "@ConfigurationProperties(\"cachegate.catalog…\")",
                        annotation -> annotation.getRawType().isEquivalentTo(ConfigurationProperties.class)
                                && String.valueOf(annotation.get("value").orElse("")).startsWith("cachegate.catalog")))
                .because("nothing in the generic cache knows about products")
                .check(classes);
    }

    /** @return a condition met by classes whose uses all come from the feature of their {@code internal} package */
    private static ArchCondition<JavaClass> onlyBeUsedInsideTheirFeature() {
        return new ArchCondition<>("only be used inside their feature") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String feature = feature(internal.getPackageName());
                for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                    String user = dependency.getOriginClass().getPackageName();
                    if (!user.equals(feature) && !user.startsWith(feature + ".")) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static String feature(String internalPackage) {
        return internalPackage.substring(0, internalPackage.indexOf(INTERNAL));
    }
}
