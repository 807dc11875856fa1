package dev.tapctl.reliability;

import static dev.tapctl.reliability.Reliability.tapctl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A changing apply shows and applies a plan made when no other run could change the environment:
 * it plans again under the lock only when another run took the lock after it looked (DESIGN.md
 * section 2, lock), and otherwise reads the stack once.
 */
@ExtendWith(EmulatorExtension.class)
class PlanUnderLockTest {

    @Test
    void aChangingApplyThatNobodyRacedReadsTheStackOnce(Emulator emulator) {
        CallLog log = new CallLog();

        CliRun.Result apply = tapctl(emulator, log).run("apply", "--env", "dev", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(readsOfTheVpcBeforeTheStackChanged(log))
                .as("plans before the first change")
                .isEqualTo(1);
    }

    @Test
    void anApplyRacedBetweenItsPlanAndItsLockPlansAgainUnderTheLock(Emulator emulator) {
        CallLog log = new CallLog();
        AnotherRunDuringThePlan other = new AnotherRunDuringThePlan(emulator);

        CliRun.Result apply = tapctl(emulator, log, other).run("apply", "--env", "dev", "--auto-approve");

        assertThat(other.ran).as("the other run took and released the lock").isTrue();
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(readsOfTheVpcBeforeTheStackChanged(log))
                .as("plans before the first change")
                .isEqualTo(2);
    }

    /** DescribeVpcs calls (one per plan) before the first mutating call outside the lock's table. */
    private static long readsOfTheVpcBeforeTheStackChanged(CallLog log) {
        List<CallLog.Call> calls = log.calls();
        int firstChange = 0;
        while (firstChange < calls.size()
                && !(calls.get(firstChange).mutating()
                        && !calls.get(firstChange).service().equals("DynamoDb"))) {
            firstChange++;
        }
        return calls.subList(0, firstChange).stream()
                .filter(call -> call.operation().equals("DescribeVpcs"))
                .count();
    }

    /** At the plan's read of the VPC, another run takes the environment's lock and releases it. */
    private static final class AnotherRunDuringThePlan implements ExecutionInterceptor {
        private final Emulator emulator;
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean ran;

        AnotherRunDuringThePlan(Emulator emulator) {
            this.emulator = emulator;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if ("DescribeVpcs".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && started.compareAndSet(false, true)) {
                try (AwsClients clients = HandlerFixture.clients(emulator)) {
                    clients.environmentLock("another run", Duration.ofMinutes(2))
                            .acquire("tap/dev")
                            .close();
                }
                ran = true;
            }
        }
    }
}
