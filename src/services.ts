import type { Logger } from 'pino';
import { auditTrail } from './audit/trail';
import { createPassport } from './auth/passport';
import { forgetExpiredSessions } from './auth/sessions';
import { signInAttempts as signInAttemptCounter } from './auth/sign-in-attempts';
import { authoringService } from './authoring/service';
import { caseworkService } from './casework/service';
import { type Clock, systemClock } from './time/clock';
import type { Config } from './config';
import { forceService } from './forces/service';
import { courseService } from './courses/service';
import type { Database } from './db/database';
import { jobQueue } from './jobs/queue';
import { learnerAccountService, learnerPeopleService } from './learning/account-service';
import { enrolmentService } from './learning/enrolment-service';
import { journeyService } from './learning/journey-service';
import { learnerRecordService } from './learning/record-service';
import { rateLimits } from './http/rate-limits';
import { deliveryLog } from './notifications/delivery-log';
import { deliveryWorker, outbox } from './notifications/deliveries';
import { smtpMailer } from './notifications/mailer';
import { deadlineSweep } from './referrals/deadlines';
import { referralEvents } from './referrals/events';
import { referralProgress } from './referrals/progress';
import { referralService } from './referrals/service';
import { monthlyReportMail } from './reports/monthly';
import { reportService } from './reports/service';
import { retentionService } from './retention/service';
import { staffAccountService } from './staff/accounts';
import { passwordLinkService } from './staff/password-links';
import { twoFactorService } from './staff/two-factor';
import { userAdminService } from './staff/user-admin';

export interface ServiceOptions {
  clock?: Clock;
  /** Job maintenance and the cron clock; off in tests, which drive the work themselves. */
  background?: boolean;
}

/** The composition root: every service, built once and passed to the app as one object. */
export function services(db: Database, config: Config, logger: Logger, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const courses = courseService(db, logger);
  const jobs = jobQueue(db, logger, { embedded: !config.databaseUrl, background: options.background ?? config.env !== 'test' });
  const notifications = outbox(jobs);
  // Built before referrals, which asks them: forces (who to tell, default deadlines) and learning (the person, their courses).
  const forces = forceService(db, config.accessCodeSecret);
  const learnerPeople = learnerPeopleService(db, config.accessCodeSecret);
  const enrolments = enrolmentService(db, courses);
  const events = referralEvents(notifications, config.publicUrl, clock, { forces, people: learnerPeople });
  // Learning tells the referral what the learner does through this (learning/progress.ts says what it is).
  const progress = referralProgress(events);
  const referrals = referralService({ db, courses, events, outbox: notifications, clock, publicUrl: config.publicUrl, people: learnerPeople, enrolments, forces });
  const deliveries = deliveryWorker({ db, mailer: smtpMailer(config.smtpUrl, config.mailFrom), clock, logger, signingSecretOf: forces.webhookSigningSecret, allowPrivateAddresses: config.webhookAllowPrivateAddresses });
  const signInAttempts = signInAttemptCounter(db, clock, config.accessCodeSecret);
  const limits = rateLimits(db, clock);
  const passwordLinks = passwordLinkService(db, signInAttempts, { outbox: notifications, publicUrl: config.publicUrl });
  const audit = auditTrail(db);
  const deadlines = deadlineSweep({ db, events, outbox: notifications, clock, publicUrl: config.publicUrl, people: learnerPeople });
  const reports = reportService(db, clock);
  const monthlyReports = monthlyReportMail({ db, reports, forces, outbox: notifications, clock, logger, publicUrl: config.publicUrl });
  const staffAccounts = staffAccountService(db, signInAttempts);
  const learnerAccounts = learnerAccountService(db, config.accessCodeSecret, progress, signInAttempts);
  const retention = retentionService({ db, audit, clock, logger, retentionDays: config.retentionDays, auditRetentionDays: config.auditRetentionDays });
  return {
    config,
    db,
    logger,
    clock,
    courses,
    audit,
    casework: caseworkService(db, learnerRecordService(db, courses, progress), audit, events),
    authoring: authoringService(db, courses, audit),
    jobs,
    outbox: notifications,
    deliveries,
    deliveryLog: deliveryLog(db, notifications),
    deadlines,
    referrals,
    reports,
    monthlyReports,
    retention,
    forces,
    signInAttempts,
    rateLimits: limits,
    staffAccounts,
    twoFactor: twoFactorService(db, config.accessCodeSecret),
    passwordLinks,
    users: userAdminService(db, passwordLinks, notifications, config.publicUrl, signInAttempts),
    learnerAccounts,
    learnerPeople,
    enrolments,
    /** Signs learners and staff in (and checks their sessions) through the two account services. */
    passport: createPassport(learnerAccounts, staffAccounts),
    journey: journeyService(db, courses, progress, clock),
    /**
     * Starts the job workers: deliveries, and the deadline sweep (which also sends the monthly reports
     * when due, applies retention, and forgets old sign-in tries, ended rate-limit windows and expired sessions).
     */
    startWorkers: (pollingIntervalSeconds?: number) =>
      jobs.startWorkers(
        {
          deliver: (id) => deliveries.deliver(id),
          sweepDeadlines: async () => {
            await deadlines.sweep();
            await monthlyReports.sendDue();
            await retention.removeExpired();
            await signInAttempts.forgetOld();
            await limits.forgetEnded();
            await forgetExpiredSessions(db);
          },
        },
        { pollingIntervalSeconds },
      ),
  };
}

export type Services = ReturnType<typeof services>;
