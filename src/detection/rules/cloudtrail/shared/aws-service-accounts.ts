/**
 * Accounts AWS owns and documents for delivering a service's output into customer buckets: the
 * Elastic Load Balancing log-delivery account of each region opened before August 2022 (later
 * regions use the logdelivery.elasticloadbalancing.amazonaws.com service principal instead). A
 * bucket policy naming one is the documented way to receive load balancer access logs, so it is
 * AWS acting for the account, not an outsider. Facts from AWS's "Enable access logs for your
 * load balancer" guide (bucket policy for regions available before August 2022).
 */
const ELB_LOG_DELIVERY_ACCOUNTS = new Set([
  "127311923021", // us-east-1
  "033677994240", // us-east-2
  "027434742980", // us-west-1
  "797873946194", // us-west-2
  "098369216593", // af-south-1
  "754344448648", // ap-east-1
  "582318560864", // ap-northeast-1
  "600734575887", // ap-northeast-2
  "383597477331", // ap-northeast-3
  "718504428378", // ap-south-1
  "114774131450", // ap-southeast-1
  "783225319266", // ap-southeast-2
  "589379963580", // ap-southeast-3
  "985666609251", // ca-central-1
  "054676820928", // eu-central-1
  "897822967062", // eu-north-1
  "635631232127", // eu-south-1
  "156460612806", // eu-west-1
  "652711504416", // eu-west-2
  "009996457667", // eu-west-3
  "076674570225", // me-south-1
  "507241528517", // sa-east-1
  "048591011584", // us-gov-west-1
  "190560391635", // us-gov-east-1
]);

export function isAwsLogDeliveryAccount(accountId: string): boolean {
  return ELB_LOG_DELIVERY_ACCOUNTS.has(accountId);
}
