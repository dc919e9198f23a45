import compression from 'compression';
import express, { type Express } from 'express';
import { apiRoutes } from './api/routes';
import { auditRoutes } from './audit/routes';
import { authoringRoutes } from './authoring/routes';
import { authoringUploadParser } from './authoring/upload-parser';
import { sessionReader } from './auth/sessions';
import { contactRequestRoutes } from './casework/learner-routes';
import { caseworkRoutes } from './casework/routes';
import { mediaRoutes } from './courses/routes';
import { forceRoutes } from './forces/routes';
import { assetUrls, staticFiles } from './http/assets';
import { accessGuards, checkRoutesDeclared } from './http/access';
import { csrfProtection, csrfTokenForViews } from './http/csrf';
import { errorHandler, notFoundHandler } from './http/errors';
import { healthRoutes } from './http/health';
import { navigationForViews } from './http/navigation';
import { noStoreForPrivatePages } from './http/no-store';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security';
import { sessionMiddleware } from './http/session';
import { learningRoutes } from './learning/routes';
import { signInRoutes } from './learning/sign-in-routes';
import { deliveryRoutes } from './notifications/delivery-routes';
import { PUBLIC_DIR, VIEWS_DIR } from './paths';
import { referralWebRoutes } from './referrals/web-routes';
import { reportWebRoutes } from './reports/web-routes';
import type { Services } from './services';
import { siteRoutes } from './site/routes';
import { accountRoutes } from './staff/account-routes';
import { userRoutes } from './staff/user-routes';
import { passwordRoutes } from './staff/password-routes';
import { staffSignInRoutes } from './staff/sign-in-routes';

const FORM_LIMIT = '100kb';

/** The whole request pipeline, in order. No listen: tests build the app too. */
export function createApp(services: Services): Express {
  const { config, db, logger } = services;
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // One proxy in front (the load balancer): trusting every hop would let a client name its own
  // address in X-Forwarded-For and step round the per-address sign-in limits.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  if (config.production) app.enable('view cache');

  app.locals.asset = assetUrls(PUBLIC_DIR);
  app.locals.publicUrl = config.publicUrl;
  app.use(requestLog(logger));
  app.use(securityHeaders(config));
  // Before the API and every page, so whatever answers a private route (a redirect, a 404) is not kept either.
  app.use(noStoreForPrivatePages());
  app.use(compression());
  app.use(healthRoutes(services));
  app.use('/static', staticFiles(PUBLIC_DIR));
  app.use(mediaRoutes(services));

  // The API authenticates by key, not by session or form token, so it comes before both.
  app.use(apiRoutes(services));

  app.use(express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 200 }));
  app.use(sessionMiddleware(db, config, sessionReader(db)));
  app.use(services.passport.initialize());
  app.use(services.passport.session());
  // Uploads carry their form token in the multipart body: parsed here so the CSRF check can read it.
  app.use(authoringUploadParser());
  app.use(csrfProtection);
  app.use(csrfTokenForViews);
  app.use((req, res, next) => {
    res.locals.user = req.user;
    res.locals.textSize = req.session.textSize ?? 'standard';
    res.locals.currentPath = req.originalUrl;
    res.locals.title = 'Pathways';
    next();
  });
  // The links each person is offered, from the same registry rules the guards apply.
  app.use(navigationForViews());

  // Who may use each route, from the registry, before any route runs.
  app.use(accessGuards());
  // Every router is built the same way, from the services object, and takes what it needs from it.
  app.use(siteRoutes(services));
  app.use(signInRoutes(services));
  app.use(learningRoutes(services));
  app.use(contactRequestRoutes(services));
  app.use(staffSignInRoutes(services));
  app.use(passwordRoutes(services));
  app.use(accountRoutes(services));
  app.use(referralWebRoutes(services));
  app.use(caseworkRoutes(services));
  app.use(reportWebRoutes(services));
  app.use(deliveryRoutes(services));
  app.use(authoringRoutes(services));
  app.use(forceRoutes(services));
  app.use(userRoutes(services));
  app.use(auditRoutes(services));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  checkRoutesDeclared(app);
  return app;
}
