/**
 * What makes an EC2 instance type unusual to launch: the accelerated families (GPU, Inferentia,
 * Trainium, Gaudi, FPGA, video transcoding), bare metal, and sizes of 24xlarge and up. Facts about
 * EC2's type names ("<family>.<size>").
 */

/** p (GPU), g/gr (GPU graphics), inf (Inferentia), trn (Trainium), dl (Gaudi/Qualcomm), f (FPGA), vt (video). */
const ACCELERATED_FAMILY = /^(p|g|gr|inf|trn|dl|f|vt)\d/;
const LARGE_SIZE = /^(\d+)xlarge$/;
const LARGE_MULTIPLE = 24;

export type Unusual = { accelerated: boolean; why: string };

export function unusualType(instanceType: string): Unusual | undefined {
  const dot = instanceType.indexOf(".");
  const family = dot < 0 ? instanceType : instanceType.slice(0, dot);
  const size = dot < 0 ? "" : instanceType.slice(dot + 1);
  if (ACCELERATED_FAMILY.test(family)) return { accelerated: true, why: "a GPU or accelerator family" };
  if (size.startsWith("metal")) return { accelerated: false, why: "a bare-metal host" };
  const multiple = LARGE_SIZE.exec(size);
  if (multiple && Number(multiple[1]) >= LARGE_MULTIPLE) return { accelerated: false, why: `a very large size (${size})` };
  return undefined;
}
