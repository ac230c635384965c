#!/usr/bin/env bash
# Runs the long versions of the reliability tests in reliability/tests. Each run is bounded and
# targets only the local API server, agents and mocks that the tests start on 127.0.0.1.
#
#   reliability/run.sh operator-load   1,000 policies, 20 updates/s for 10 minutes
#   reliability/run.sh kills           10 SIGKILLs of the operator during writes
#   reliability/run.sh api-faults      every API server fault, then the abandoned-connection stall
#                                      3 more times
#   reliability/run.sh etcd-restart    etcd stopped for 15 s under policy writes, 5 times
#   reliability/run.sh agent-watch     the agent's API watch stalled, abandoned and cut, 8 faults
#   reliability/run.sh agent-soak      the sample service under load for 10 minutes
#   reliability/run.sh rbac-ablation   removes each verb the chart grants in turn and runs the RBAC
#                                      scenario; prints one line per verb (about 7 minutes)
#
# Environment: LOAD_SECONDS, LOAD_POLICIES, LOAD_RATE and SOAK_SECONDS shorten or lengthen a run.
# Output goes to the console; the operator logs stay in reliability/tests/target/reliability/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn_test() {
  ./mvnw -B -pl reliability/tests test -Dsurefire.failIfNoSpecifiedTests=false "$@"
}
case "${1:-}" in
  operator-load)
    mvn_test -Dtest=OperatorLoadTest \
      -Dfusebox.load.policies="${LOAD_POLICIES:-1000}" \
      -Dfusebox.load.rate="${LOAD_RATE:-20}" \
      -Dfusebox.load.seconds="${LOAD_SECONDS:-600}"
    ;;
  kills)
    mvn_test -Dtest=OperatorKillRestartTest -Dfusebox.reliability.kills=10
    ;;
  api-faults)
    mvn_test -Dtest=ApiServerFaultTest \
      -Dfusebox.reliability.faults=cut,stall-resume,apiserver-stop,stall-abandon,stall-abandon,stall-abandon,stall-abandon
    ;;
  etcd-restart)
    mvn_test -Dtest=EtcdRestartTest -Dfusebox.reliability.etcd-rounds=5
    ;;
  agent-watch)
    mvn_test -Dtest=AgentApiWatchFaultTest \
      -Dfusebox.reliability.agent-watch-faults=stall-resume,stall-abandon,cut,stall-abandon,stall-resume,stall-abandon,cut,stall-abandon
    ;;
  agent-soak)
    mvn_test -Dtest=SampleServiceSoakTest -Dfusebox.soak.seconds="${SOAK_SECONDS:-600}"
    ;;
  rbac-ablation)
    mvn_test -Dtest=RbacFullAblationRun
    ;;
  *)
    echo "usage: reliability/run.sh operator-load|kills|api-faults|etcd-restart|agent-watch|agent-soak|rbac-ablation" >&2
    exit 2
    ;;
esac
