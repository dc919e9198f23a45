import { longDate } from '../time/london';

export interface LetterFacts {
  name: string;
  accessCode: string;
  deadline: string;
  courses: string[];
  publicUrl: string;
}

export const startAddress = (publicUrl: string) => `${publicUrl}/learn/first-sign-in`;

/** What happens if the course is not done, in the same words on paper and by email. */
export const CONSEQUENCE =
  'If you do not finish by the deadline, the police will be told. For a Conditional or Diversionary Caution, this can mean you are charged with the original offence.';

/** The referral letter as an email to the person (the printed letter says the same). */
export function letterEmail(facts: LetterFacts): { subject: string; text: string } {
  return {
    subject: 'Your Pathways course: how to start',
    text: [
      `Dear ${facts.name},`,
      '',
      `You have agreed to do ${facts.courses.length === 1 ? 'a course' : 'some courses'} on Pathways:`,
      ...facts.courses.map((title) => `- ${title}`),
      '',
      `Please finish by ${longDate(facts.deadline)}.`,
      '',
      'How to start:',
      `1. Go to ${startAddress(facts.publicUrl)} on your phone or a computer.`,
      `2. Enter your access code: ${facts.accessCode}`,
      '3. Enter your date of birth, then choose a password.',
      '',
      'You can do the course a bit at a time. Your answers are saved as you go.',
      '',
      CONSEQUENCE,
      '',
      'If you need help using Pathways, contact the officer who referred you.',
      'To talk to someone any time, call Samaritans free on 116 123. For urgent medical help, call NHS 111. In an emergency, call 999.',
    ].join('\n'),
  };
}
