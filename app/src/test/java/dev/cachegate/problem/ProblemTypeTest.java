package dev.cachegate.problem;

import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypeTest {

    @Test
    void everyTypeHasADistinctUriUnderTheDocumentedBase() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::uri).distinct())
                .hasSize(ProblemType.values().length)
                .allSatisfy(uri -> assertThat(uri.toString()).startsWith("https://cachegate.dev/problems/"));
    }

    @Test
    void frameworkStatusesMapToGenericTypes() {
        assertThat(ProblemType.forStatus(HttpStatus.NOT_FOUND)).contains(ProblemType.NOT_FOUND);
        assertThat(ProblemType.forStatus(HttpStatus.METHOD_NOT_ALLOWED)).contains(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemType.forStatus(HttpStatus.INTERNAL_SERVER_ERROR)).contains(ProblemType.INTERNAL_ERROR);
        assertThat(ProblemType.forStatus(HttpStatus.I_AM_A_TEAPOT)).isEmpty();
    }

    @Test
    void untypedProblemsAreAboutBlankWithTheReasonPhrase() {
        Problem problem = Problems.untyped(HttpStatus.CONFLICT, null, null);
        assertThat(problem.type()).isEqualTo("about:blank");
        assertThat(problem.title()).isEqualTo("Conflict");
        assertThat(problem.status()).isEqualTo(409);
    }
}
