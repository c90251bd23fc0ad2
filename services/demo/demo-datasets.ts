/** The real public datasets `seams demo --dataset` can run on; apart from the demo so `--help` lists them cheaply. */
export const DATASETS = ['duraspace'] as const;
export type DatasetName = (typeof DATASETS)[number];
