import { applyDecorators, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/roles.decorator';
import { DashboardRoutes } from './dashboard-routes';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPageInterceptor } from './web-page.interceptor';
import { WebSessionGuard } from './web-session.guard';

/** The pages before a session (sign-in and the stylesheet), beside @Controller: at their own paths outside /api/v1, the OpenAPI document and the API's key guard, answering HTML, errors too. */
export const PublicWebPages = () => applyDecorators(DashboardRoutes(), ApiExcludeController(), Public(), UseFilters(WebExceptionFilter), UseInterceptors(WebPageInterceptor));

/** A controller of dashboard pages, beside @Controller: as PublicWebPages, behind the session guard. Routes take @Roles as in the API. */
export const WebPages = () => applyDecorators(PublicWebPages(), UseGuards(WebSessionGuard));
