import { Injectable, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { QueueDefinition } from './job-definition';
import { JobHandlers } from './job-handlers';
import { OnJob } from './on-job.decorator';

const Mail = new QueueDefinition('mail', 4);
const Send = Mail.job<{ id: string }>('send');
const Bounce = Mail.job<{ id: string }>('bounce');

@Injectable()
class Sender {
  @OnJob(Send)
  send({ id }: { id: string }): Promise<string> {
    return Promise.resolve(`sent ${id}`);
  }
}

@Injectable()
class Bouncer {
  @OnJob(Bounce)
  bounce({ id }: { id: string }): Promise<string> {
    return Promise.resolve(`bounced ${id}`);
  }
}

@Injectable()
class SecondSender {
  @OnJob(Send)
  again(): Promise<string> {
    return Promise.resolve('twice');
  }
}

async function boot(...providers: Provider[]): Promise<JobHandlers> {
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [JobHandlers, ...providers] }).compile();
  await moduleRef.init();
  return moduleRef.get(JobHandlers);
}

describe('JobHandlers', () => {
  it('finds the declared queues and dispatches each job to its @OnJob method', async () => {
    const handlers = await boot(Mail.provider, Sender, Bouncer);
    expect(handlers.queues()).toEqual([Mail]);
    expect(await handlers.run('mail', 'send', { id: 'a' }, { attemptsMade: 0, lastAttempt: false })).toBe('sent a');
    expect(await handlers.run('mail', 'bounce', { id: 'b' }, { attemptsMade: 0, lastAttempt: false })).toBe('bounced b');
    await expect(handlers.run('mail', 'unknown', {}, { attemptsMade: 0, lastAttempt: false })).rejects.toThrow('unknown job unknown on mail');
  });

  it('refuses to boot when a declared job has no handler', async () => {
    await expect(boot(Mail.provider, Sender)).rejects.toThrow('mail/bounce has no @OnJob handler');
  });

  it('refuses to boot when a job has two handlers', async () => {
    await expect(boot(Mail.provider, Sender, Bouncer, SecondSender)).rejects.toThrow('mail/send has 2 handlers: Sender.send, SecondSender.again');
  });

  it('refuses to boot when a handler’s queue is declared by no module', async () => {
    await expect(boot(Sender, Bouncer)).rejects.toThrow('mail/send is handled by Sender.send, but its queue is not declared by any module');
  });

  it('refuses two queues of one name, and a job declared twice on a queue', async () => {
    const impostor = new QueueDefinition('mail');
    await expect(boot(Mail.provider, impostor.provider, Sender, Bouncer)).rejects.toThrow('two queues are named mail');
    expect(() => Mail.job('send')).toThrow('job send is declared twice on queue mail');
  });
});
