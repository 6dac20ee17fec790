import { checkYear, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { monthlyReportsOf, submitMonthlyReport } from './service';

export const reportResolvers: Resolvers = {
  Query: {
    monthlyReports: (_, { year }, ctx) => {
      checkYear(year, 'year');
      return monthlyReportsOf(ctx.database.db, year);
    },
  },
  Mutation: {
    submitMonthlyReport: (_, args, ctx) => submitMonthlyReport(writeScope(ctx), args),
  },
  MonthlyReportSubmission: {
    submittedAt: (r) => r.submittedAt.toISOString(),
  },
};
